package dev.cfscim.api.load;

import static dev.cfscim.api.load.Docs.app;
import static dev.cfscim.api.load.Docs.appWith;
import static dev.cfscim.api.load.Docs.binding;
import static dev.cfscim.api.load.Docs.group;
import static dev.cfscim.api.load.Docs.groupSelecting;
import static dev.cfscim.api.load.Docs.of;
import static dev.cfscim.api.load.Docs.secret;
import static dev.cfscim.api.load.Docs.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceSetTest {
    private static ResourceSet load(String yaml) {
        LoadResult result = new ResourceLoader().loadString(yaml, "set.yaml");
        assertThat(result.problems().all()).isEmpty();
        return result.resources();
    }

    private static List<String> names(List<? extends HasMetadata> resources) {
        return resources.stream().map(r -> r.getMetadata().getName()).toList();
    }

    @Test
    void assignedUsersAreTheUnionOfNamesGroupsAndSelectorOnceEachByName() {
        ResourceSet set = load(of(
                appWith("acme", """
                    accountId: %s
                    tokenSecretRef: {name: t}
                    assignments:
                      users: [dave, ghost]
                      groups: [sre]
                      userSelector: {matchLabels: {cloud: "yes"}}
                    """.formatted(Docs.ACCOUNT)),
                user("dave", "dave@example.com"),
                user("carol", "carol@example.com", "{cloud: \"yes\"}"),
                user("bob", "bob@example.com", "{team: sre}"),
                user("alice", "alice@example.com", "{cloud: \"yes\"}"),
                user("erin", "erin@example.com"),
                groupSelecting("sre", "SRE", "{matchLabels: {team: sre}}", "alice")));

        assertThat(names(set.assignedUsers(set.apps().get(0)))).containsExactly("alice", "bob", "carol", "dave");
        assertThat(names(set.members(set.group("team", "sre").orElseThrow()))).containsExactly("alice", "bob");
    }

    @Test
    void anAppWithoutAssignmentsAssignsNobody() {
        ResourceSet set = load(of(appWith("acme", "accountId: %s\ntokenSecretRef: {name: t}\n".formatted(Docs.ACCOUNT)),
                user("alice", "alice@example.com")));

        assertThat(set.assignedUsers(set.apps().get(0))).isEmpty();
    }

    @Test
    void unknownMembersAreTheNamesWithoutAScimUser() {
        ResourceSet set = load(of(user("alice", "alice@example.com"), group("sre", "SRE", "alice", "zed", "bob", "zed")));

        assertThat(set.unknownMembers(set.groups().get(0))).containsExactly("zed", "bob");
    }

    @Test
    void bindingsOfAnAppAreThoseNamingItInItsNamespace() {
        String elsewhere = binding("other", "acme", "sre", "DNS").replace("namespace: team", "namespace: elsewhere");
        ResourceSet set = load(of(app("acme", "alice"), appWith("beta", """
                accountId: ffffffffffffffffffffffffffffffff
                tokenSecretRef: {name: t}
                """),
                binding("b1", "acme", "sre", "DNS"), binding("b2", "beta", "sre", "DNS"), elsewhere));

        assertThat(names(set.bindingsOf(set.app("team", "acme").orElseThrow()))).containsExactly("b1");
    }

    @Test
    void theTokenPrefersStringDataOverData() {
        ResourceSet both = load(of(app("acme", "alice"), secret("cf-token", """
            data: {token: ZnJvbS1kYXRh}
            stringData: {token: from-string-data}
            """)));
        ResourceSet dataOnly = load(of(app("acme", "alice"), secret("cf-token", "data: {token: ZnJvbS1kYXRh}")));
        ResourceSet none = load(app("acme", "alice"));

        assertThat(both.tokenOf(both.apps().get(0))).contains("from-string-data");
        assertThat(dataOnly.tokenOf(dataOnly.apps().get(0))).contains("from-data");
        assertThat(none.tokenOf(none.apps().get(0))).isEmpty();
    }

    @Test
    void aSetBuiltInCodeHasNoSourcesAndDefaultsTheNamespace() {
        ScimUser alice = new ScimUser();
        alice.setMetadata(new ObjectMetaBuilder().withName("alice").build());
        alice.setSpec(new ScimUserSpec("alice@example.com", null, null, true));

        ResourceSet set = ResourceSet.of(alice);

        assertThat(set.user("default", "alice")).containsSame(alice);
        assertThat(set.sourceOf(alice)).isEmpty();
        assertThatThrownBy(() -> ResourceSet.of(new ScimApp())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lookupsFindTheFirstOfTwoDeclarations() {
        ResourceSet set = load(of(user("alice", "first@example.com"), user("alice", "second@example.com")));

        assertThat(set.users()).hasSize(2);
        assertThat(set.user("team", "alice").orElseThrow().getSpec().getUserName()).isEqualTo("first@example.com");
    }
}
