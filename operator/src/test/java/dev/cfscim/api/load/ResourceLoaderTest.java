package dev.cfscim.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.GroupMode;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceLoaderTest {
    private final ResourceLoader loader = new ResourceLoader();

    @Test
    void readsEveryDocumentOfAMultiDocumentFileWithItsSource() {
        LoadResult result = loader.loadString(Docs.validSet(), "set.yaml");

        assertThat(result.problems().all()).isEmpty();
        ResourceSet set = result.resources();
        assertThat(set.apps()).hasSize(1);
        assertThat(set.users()).extracting(u -> u.getMetadata().getName()).containsExactly("alice", "bob");
        assertThat(set.groups()).hasSize(1);
        assertThat(set.bindings()).hasSize(1);
        ScimUser bob = set.user(Docs.NS, "bob").orElseThrow();
        Source source = set.sourceOf(bob).orElseThrow();
        assertThat(source.file()).isEqualTo("set.yaml");
        assertThat(source.document()).isEqualTo(3);
        assertThat(source.line()).isEqualTo(textBefore(Docs.validSet(), "name: bob") + 1 - 3);
        assertThat(bob.getSpec().getUserName()).isEqualTo("bob@example.com");
    }

    @Test
    void appliesTheJavaDefaultsThatTheApiServerWouldApply() {
        ScimApp app = loader.loadString(Docs.app("acme", "alice"), "a.yaml").resources().apps().get(0);

        ScimAppSpec spec = app.getSpec();
        // Today's Cloudflare by default.
        assertThat(spec.getGroupMode()).isEqualTo(GroupMode.UserGroups);
        assertThat(spec.getDeprovisionLimit()).isEqualTo(10);
        assertThat(spec.deprovisionPeriod()).hasHours(1);
        assertThat(spec.getRoleRemovalLimit()).isEqualTo(50);
        assertThat(spec.roleRemovalPeriod()).hasHours(1);
        // resyncInterval and requestBudget are the operator's defaults to fill in (10m; 1200 per 5m at 90%).
        assertThat(spec.getResyncInterval()).isNull();
        assertThat(spec.resyncPeriod()).hasMinutes(10);
        assertThat(spec.getRequestBudget()).isNull();
        assertThat(spec.getProvisioning().isCreateUsers()).isTrue();
        assertThat(spec.getProvisioning().isDeactivateUsers()).isTrue();
        assertThat(spec.getTokenSecretRef().getKey()).isEqualTo("token");
        assertThat(spec.resolvedEndpoint())
                .isEqualTo("https://api.cloudflare.com/client/v4/accounts/" + Docs.ACCOUNT + "/scim/v2");
    }

    @Test
    void aRateWrittenAsOneObjectSaysWhereTheWindowGoes() {
        String yaml = Docs.appWith("acme", """
            accountId: %s
            tokenSecretRef: {name: t}
            deprovisionLimit: {count: 10, per: 1h}
            """.formatted(Docs.ACCOUNT));

        List<Problem> errors = loader.loadString(yaml, "a.yaml").problems().errors();

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.deprovisionLimit");
            assertThat(p.message()).isEqualTo("expected a whole number: the count per window; the window is "
                    + "spec.deprovisionWindow, such as 1h");
        });
    }

    @Test
    void anExplicitNullKeepsTheDefaultAsTheApiServerDoes() {
        String yaml = Docs.appWith("acme", """
            accountId: %s
            tokenSecretRef: {name: t}
            deprovisionLimit: null
            requestBudget: {requests: 600, per: ~}
            """.formatted(Docs.ACCOUNT));

        LoadResult result = loader.loadString(yaml, "a.yaml");

        assertThat(result.problems().all()).isEmpty();
        ScimAppSpec spec = result.resources().apps().get(0).getSpec();
        assertThat(spec.getDeprovisionLimit()).isEqualTo(10);
        assertThat(spec.getRequestBudget().getRequests()).isEqualTo(600);
        assertThat(spec.getRequestBudget().getPer()).isEqualTo("5m");
    }

    @Test
    void fillsInTheDefaultNamespaceWhenADocumentHasNone() {
        String yaml = """
            apiVersion: scim.cfscim.dev/v1alpha1
            kind: ScimUser
            metadata: {name: alice}
            spec: {userName: alice@example.com}
            """;

        assertThat(loader.loadString(yaml, "u.yaml").resources().user("default", "alice")).isPresent();
        assertThat(new ResourceLoader("cfscim").loadString(yaml, "u.yaml").resources().user("cfscim", "alice")).isPresent();
    }

    @Test
    void passesOverOtherKindsAndCountsThem() {
        String yaml = Docs.of("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: team}
            """, """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {a: b}
            """, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 1, anything: [goes]}
            """, Docs.user("alice", "alice@example.com"));

        LoadResult result = loader.loadString(yaml, "mixed.yaml");

        assertThat(result.problems().all()).isEmpty();
        assertThat(result.resources().users()).hasSize(1);
        assertThat(result.resources().skipped())
                .extracting(SkippedDocument::kind, d -> d.source().document())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Namespace", 1),
                        org.assertj.core.groups.Tuple.tuple("ConfigMap", 2),
                        org.assertj.core.groups.Tuple.tuple("Deployment", 3));
    }

    @Test
    void keepsSecretsForTheirTokens() {
        String yaml = Docs.of(Docs.app("acme", "alice"), Docs.secret("cf-token", """
            type: Opaque
            data:
              token: c2VjcmV0LXRva2Vu
            """));

        ResourceSet set = loader.loadString(yaml, "s.yaml").resources();

        assertThat(set.secrets()).hasSize(1);
        assertThat(set.tokenOf(set.apps().get(0))).contains("secret-token");
    }

    @Test
    void ignoresEmptyDocumentsButKeepsCountingPositions() {
        String yaml = "---\n# nothing here\n---\n" + Docs.user("alice", "alice@example.com") + "---\n";

        LoadResult result = loader.loadString(yaml, "u.yaml");

        assertThat(result.problems().all()).isEmpty();
        assertThat(result.resources().users()).hasSize(1);
        assertThat(result.resources().skipped()).isEmpty();
    }

    @Test
    void expandsAListOfItems() {
        String yaml = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: alice, namespace: team}
                spec: {userName: alice@example.com}
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
            """;

        LoadResult result = loader.loadString(yaml, "list.yaml");

        assertThat(result.problems().all()).isEmpty();
        assertThat(result.resources().users()).hasSize(1);
        assertThat(result.resources().skipped()).hasSize(1);
    }

    @Test
    void ignoresStatusCopiedFromAnExportedObject() {
        String yaml = Docs.user("alice", "alice@example.com") + """
            status:
              observedGeneration: 3
              conditions: [{type: Ready, status: "True", whatever: 1}]
            """;

        LoadResult result = loader.loadString(yaml, "u.yaml");

        assertThat(result.problems().all()).isEmpty();
        assertThat(result.resources().users().get(0).getStatus()).isNull();
    }

    @Test
    void namesFileAndLineOfAYamlSyntaxErrorAndKeepsTheDocumentsBeforeIt() {
        String yaml = Docs.user("alice", "alice@example.com") + """
            ---
            apiVersion: scim.cfscim.dev/v1alpha1
            kind: ScimUser
            metadata:
              name: bob
               namespace: team
            spec: {userName: bob@example.com}
            """;

        LoadResult result = loader.loadString(yaml, "broken.yaml");

        assertThat(result.problems().errors()).singleElement().satisfies(p -> {
            assertThat(p.source().file()).isEqualTo("broken.yaml");
            assertThat(p.source().line()).isEqualTo(textBefore(yaml, "   namespace: team") + 1);
            assertThat(p.source().document()).isEqualTo(2);
            assertThat(p.message()).startsWith("YAML syntax error at line " + p.source().line());
        });
        assertThat(result.resources().users()).extracting(u -> u.getMetadata().getName()).containsExactly("alice");
    }

    @Test
    void reportsAnUnknownSpecFieldByItsPathWithASuggestion() {
        String yaml = Docs.appWith("acme", """
            accountId: %s
            tokenSecretRef: {name: t}
            deprovisonLimit: 3
            """.formatted(Docs.ACCOUNT));

        LoadResult result = loader.loadString(yaml, "a.yaml");

        assertThat(result.problems().errors()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.deprovisonLimit");
            assertThat(p.message()).isEqualTo("unknown field 'deprovisonLimit' (did you mean deprovisionLimit?)");
            assertThat(p.resource()).isEqualTo(new ResourceKey("ScimApp", "team", "acme"));
            assertThat(p.source().file()).isEqualTo("a.yaml");
        });
        assertThat(result.resources().apps()).isEmpty();
    }

    @Test
    void reportsUnknownFieldsDeepInTheSpecAndAtTheTop() {
        String nested = Docs.appWith("acme", """
            accountId: %s
            tokenSecretRef: {name: t, keys: token}
            """.formatted(Docs.ACCOUNT));
        String top = Docs.user("alice", "alice@example.com").replace("spec:", "sepc:");

        assertThat(loader.loadString(nested, "a.yaml").problems().errors())
                .singleElement().extracting(Problem::field).isEqualTo("spec.tokenSecretRef.keys");
        assertThat(loader.loadString(top, "u.yaml").problems().errors()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("sepc");
            assertThat(p.message()).contains("did you mean spec?");
        });
    }

    @Test
    void reportsTyposInMetadataAndSelectorsThatFabric8WouldKeepSilently() {
        String yaml = Docs.of(
                Docs.user("alice", "alice@example.com").replace("labels: {}", "lables: {team: sre}"),
                Docs.appWith("acme", """
                    accountId: %s
                    tokenSecretRef: {name: t}
                    assignments:
                      userSelector:
                        matchLabel: {team: sre}
                    """.formatted(Docs.ACCOUNT)));

        LoadResult result = loader.loadString(yaml, "t.yaml");

        assertThat(result.problems().errors()).extracting(Problem::field)
                .containsExactly("metadata.lables", "spec.assignments.userSelector.matchLabel");
        assertThat(result.resources().all()).isEmpty();
    }

    @Test
    void rejectsAnUnknownKindOfOurGroupAndAnUnsupportedVersion() {
        String yaml = Docs.of("""
            apiVersion: scim.cfscim.dev/v1alpha1
            kind: ScimUsr
            metadata: {name: a}
            spec: {}
            """, """
            apiVersion: scim.cfscim.dev/v1beta1
            kind: ScimUser
            metadata: {name: b}
            spec: {userName: b@example.com}
            """);

        List<Problem> errors = loader.loadString(yaml, "k.yaml").problems().errors();

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).message()).contains("unknown kind 'ScimUsr'").contains("did you mean ScimUser?");
        assertThat(errors.get(0).source().document()).isEqualTo(1);
        assertThat(errors.get(1).message()).contains("unsupported version 'scim.cfscim.dev/v1beta1'");
        assertThat(errors.get(1).source().document()).isEqualTo(2);
    }

    @Test
    void isAsStrictAboutTypesAsTheApiServer() {
        String yaml = Docs.of(
                Docs.appWith("acme", """
                    accountId: %s
                    tokenSecretRef: {name: t}
                    deprovisionLimit: "10"
                    """.formatted(Docs.ACCOUNT)),
                Docs.user("alice", "alice@example.com") + "  externalId: 12345\n",
                Docs.appWith("beta", """
                    accountId: %s
                    tokenSecretRef: {name: t}
                    groupMode: virtualGroups
                    """.formatted(Docs.ACCOUNT)),
                Docs.appWith("gamma", """
                    accountId: %s
                    tokenSecretRef: {name: t}
                    deprovisionLimit: 2.5
                    """.formatted(Docs.ACCOUNT)));

        List<Problem> errors = loader.loadString(yaml, "types.yaml").problems().errors();

        assertThat(errors).extracting(Problem::field).containsExactly(
                "spec.deprovisionLimit", "spec.externalId", "spec.groupMode", "spec.deprovisionLimit");
        assertThat(errors.get(0).message()).isEqualTo(
                "expected a whole number: the count per window; the window is spec.deprovisionWindow, such as 1h");
        assertThat(errors.get(1).message()).startsWith("expected a string");
        assertThat(errors.get(2).message()).isEqualTo(
                "'virtualGroups' is not one of VirtualGroups, UserGroups (did you mean VirtualGroups?)");
    }

    @Test
    void rejectsDocumentsWithoutApiVersionKindOrNameAndDuplicateKeys() {
        String yaml = Docs.of("""
            kind: ScimUser
            metadata: {name: a}
            """, """
            apiVersion: scim.cfscim.dev/v1alpha1
            kind: ScimUser
            metadata: {namespace: team}
            spec: {userName: a@example.com}
            """, "- just\n- a list\n");
        String duplicated = Docs.user("alice", "alice@example.com") + "spec: {userName: other@example.com}\n";

        assertThat(loader.loadString(yaml, "bad.yaml").problems().errors())
                .extracting(Problem::field).containsExactly("apiVersion", "metadata.name", null);
        assertThat(loader.loadString(duplicated, "dup.yaml").problems().errors())
                .singleElement().extracting(Problem::message).asString().contains("spec");
    }

    @Test
    void readsOnlyAFoldersOwnFilesUnlessAskedToRecurseLikeKubectl(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("variant"));
        Files.writeString(dir.resolve("a.yaml"), Docs.user("alice", "alice@example.com"));
        Files.writeString(dir.resolve("variant/bob.yaml"), Docs.user("bob", "bob@example.com"));

        assertThat(loader.load(dir).resources().users()).extracting(u -> u.getMetadata().getName())
                .containsExactly("alice");
        assertThat(new ResourceLoader(dev.cfscim.api.ResourceKey.DEFAULT_NAMESPACE, true).load(dir).resources().users())
                .extracting(u -> u.getMetadata().getName()).containsExactly("alice", "bob");
    }

    @Test
    void walksFoldersRecursivelyInPathOrderReadingOnlyYaml(@TempDir Path dir) throws IOException {
        ResourceLoader loader = new ResourceLoader(dev.cfscim.api.ResourceKey.DEFAULT_NAMESPACE, true);
        Files.createDirectories(dir.resolve("b/nested"));
        Files.writeString(dir.resolve("b/nested/users.yml"), Docs.user("carol", "carol@example.com"));
        Files.writeString(dir.resolve("a.yaml"), Docs.user("alice", "alice@example.com"));
        Files.writeString(dir.resolve("b/bob.yaml"), Docs.user("bob", "bob@example.com"));
        Files.writeString(dir.resolve("notes.txt"), "not: yaml: at all: [");
        Files.writeString(dir.resolve("README.md"), "# readme");

        LoadResult result = loader.load(dir);

        assertThat(result.problems().all()).isEmpty();
        assertThat(result.resources().users()).extracting(u -> u.getMetadata().getName())
                .containsExactly("alice", "bob", "carol");
        assertThat(result.resources().sourceOf(result.resources().users().get(2)).orElseThrow().file())
                .isEqualTo(dir.resolve("b/nested/users.yml").toString());
    }

    @Test
    void loadsFilesAndFoldersTogetherAndReportsAMissingPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("one.yaml");
        Files.writeString(file, Docs.user("alice", "alice@example.com"));
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/two.yaml"), Docs.user("bob", "bob@example.com"));

        LoadResult result = loader.load(file, dir.resolve("more"), dir.resolve("missing"));

        assertThat(result.resources().users()).hasSize(2);
        assertThat(result.problems().errors()).singleElement().satisfies(p -> {
            assertThat(p.source().file()).endsWith("missing");
            assertThat(p.message()).isEqualTo("no such file or folder");
        });
    }

    @Test
    void reportsEveryBrokenDocumentNotJustTheFirst(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), Docs.user("alice", "alice@example.com") + "  activ: true\n");
        Files.writeString(dir.resolve("b.yaml"), "key: [unclosed\n");
        Files.writeString(dir.resolve("c.yaml"), Docs.user("carol", "carol@example.com"));

        LoadResult result = loader.load(dir);

        assertThat(result.problems().errors()).extracting(p -> Path.of(p.source().file()).getFileName().toString())
                .containsExactly("a.yaml", "b.yaml");
        assertThat(result.resources().users()).extracting(u -> u.getMetadata().getName()).containsExactly("carol");
    }

    /** The number of lines before the first line containing {@code text}. */
    private static int textBefore(String yaml, String text) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError(text + " not found");
    }
}
