package dev.cfscim.api.load;

import static dev.cfscim.api.load.Docs.ACCOUNT;
import static dev.cfscim.api.load.Docs.app;
import static dev.cfscim.api.load.Docs.appAnnotated;
import static dev.cfscim.api.load.Docs.appWith;
import static dev.cfscim.api.load.Docs.binding;
import static dev.cfscim.api.load.Docs.group;
import static dev.cfscim.api.load.Docs.of;
import static dev.cfscim.api.load.Docs.secret;
import static dev.cfscim.api.load.Docs.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ResourceKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceValidatorTest {
    private static final String ALICE = user("alice", "alice@example.com");
    private static final String BOB = user("bob", "bob@example.com");

    private final ResourceValidator validator = ResourceValidator.standard();

    /** Loads without load errors, then validates. */
    private Problems validate(String yaml) {
        LoadResult loaded = new ResourceLoader().loadString(yaml, "case.yaml");
        assertThat(loaded.problems().all()).as("load problems").isEmpty();
        return validator.validate(loaded.resources());
    }

    private static String appSpec(String extra) {
        return appWith("acme", """
            accountId: %s
            tokenSecretRef: {name: cf-token}
            assignments: {users: [alice]}
            %s""".formatted(ACCOUNT, extra));
    }

    /** A case of app acme, valid but for {@code extra} in its spec, with one problem at {@code field}. */
    private static Arguments appSpecProblem(String name, String extra, String field, String message) {
        return Arguments.of(name, of(appSpec(extra), ALICE), "ScimApp/team/acme", field, message);
    }

    /**
     * A case of binding b from {@code app} and {@code group} to {@code role}, beside app acme assigning alice and
     * group sre of alice, with one problem at {@code field}.
     */
    private static Arguments bindingProblem(String name, String app, String group, String role, String field,
            String message) {
        return Arguments.of(name, of(app("acme", "alice"), ALICE, group("sre", "SRE", "alice"), binding("b", app, group, role)),
                "GroupRoleBinding/team/b", field, message);
    }

    private static String appWithoutAssignments(String extra) {
        return appWith("acme", """
            accountId: %s
            tokenSecretRef: {name: cf-token}
            %s""".formatted(ACCOUNT, extra));
    }

    @Test
    void aValidSetHasNoProblems() {
        assertThat(validate(Docs.validSet()).all()).isEmpty();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // ScimApp
                Arguments.of("account id too short", of(appWith("acme", "accountId: 023e105f\ntokenSecretRef: {name: t}\n"
                        + "assignments: {users: [alice]}\n"), ALICE), "ScimApp/team/acme", "spec.accountId", "32 lower-case hex"),
                Arguments.of("account id upper case", of(appWith("acme", "accountId: " + ACCOUNT.toUpperCase() + "\n"
                        + "tokenSecretRef: {name: t}\nassignments: {users: [alice]}\n"), ALICE), "ScimApp/team/acme",
                        "spec.accountId", "write it in lower case"),
                Arguments.of("account id missing", of(appWith("acme", "tokenSecretRef: {name: t}\nassignments: {users: [alice]}\n"),
                        ALICE), "ScimApp/team/acme", "spec.accountId", "account id is required"),
                appSpecProblem("http endpoint", "endpoint: http://localhost:8080/scim/v2\n",
                        "spec.endpoint", "not https"),
                appSpecProblem("endpoint not a URL", "endpoint: 'ftp://x/y'\n",
                        "spec.endpoint", "not an http(s) URL"),
                Arguments.of("token ref missing", of(appWith("acme", "accountId: " + ACCOUNT + "\nassignments: {users: [alice]}\n"),
                        ALICE), "ScimApp/team/acme", "spec.tokenSecretRef", "required"),
                Arguments.of("secret lacks the key", of(appSpec(""), ALICE, secret("cf-token", "stringData: {other: x}")),
                        "ScimApp/team/acme", "spec.tokenSecretRef.key", "has no key 'token'"),
                Arguments.of("secret data not base64", of(appSpec(""), ALICE, secret("cf-token", "data: {token: 'not base64!'}")),
                        "Secret/team/cf-token", "data.token", "not base64"),
                Arguments.of("secret token empty", of(appSpec(""), ALICE, secret("cf-token", "stringData: {token: ''}")),
                        "Secret/team/cf-token", "stringData.token", "empty"),
                Arguments.of("secret token with a space", of(appSpec(""), ALICE,
                        secret("cf-token", "stringData: {token: 'abc def'}")), "Secret/team/cf-token", "stringData.token",
                        "the token has a space or a character a token cannot have at position 4"),
                Arguments.of("secret token with a control character", of(appSpec(""), ALICE,
                        secret("cf-token", "stringData: {token: \"abcdefgh\\aij\"}")), "Secret/team/cf-token",
                        "stringData.token", "at position 9"),
                appSpecProblem("deprovision limit negative", "deprovisionLimit: -1\n",
                        "spec.deprovisionLimit", "0 or more"),
                appSpecProblem("role removal limit negative", "roleRemovalLimit: -1\n",
                        "spec.roleRemovalLimit", "0 or more"),
                appSpecProblem("deprovision window not a duration", "deprovisionWindow: an hour\n",
                        "spec.deprovisionWindow", "not a duration"),
                appSpecProblem("role removal window zero", "roleRemovalWindow: 0m\n",
                        "spec.roleRemovalWindow", "must be from 1m to 720h"),
                appSpecProblem("deprovision window below a minute", "deprovisionWindow: 1ms\n",
                        "spec.deprovisionWindow", "'1ms' is too short: must be from 1m to 720h (30 days)"),
                appSpecProblem("role removal window above 30 days", "roleRemovalWindow: 721h\n",
                        "spec.roleRemovalWindow", "'721h' is too long: must be from 1m to 720h (30 days)"),
                Arguments.of("deprovision allowance not a number", of(appAnnotated("acme",
                        "{scim.cfscim.dev/allow-deprovisions: all}", "accountId: " + ACCOUNT
                                + "\ntokenSecretRef: {name: t}\nassignments: {users: [alice]}\n"), ALICE),
                        "ScimApp/team/acme", "metadata.annotations[scim.cfscim.dev/allow-deprovisions]",
                        "'all' is not a whole number of 0 or more: the deprovisions allowed once on top of deprovisionLimit"),
                Arguments.of("role removal allowance negative", of(appAnnotated("acme",
                        "{scim.cfscim.dev/allow-role-removals: '-3'}", "accountId: " + ACCOUNT
                                + "\ntokenSecretRef: {name: t}\nassignments: {users: [alice]}\n"), ALICE),
                        "ScimApp/team/acme", "metadata.annotations[scim.cfscim.dev/allow-role-removals]",
                        "'-3' is not a whole number of 0 or more"),
                appSpecProblem("resync not a duration", "resyncInterval: ten minutes\n",
                        "spec.resyncInterval", "not a duration"),
                appSpecProblem("resync empty", "resyncInterval: ''\n",
                        "spec.resyncInterval", "required"),
                appSpecProblem("resync zero", "resyncInterval: 0s\n",
                        "spec.resyncInterval", "must be from 1s to 168h"),
                appSpecProblem("resync beyond any clock", "resyncInterval: 9999999999999h\n",
                        "spec.resyncInterval", "'9999999999999h' is too long: must be from 1s to 168h (7 days)"),
                appSpecProblem("resync below a second", "resyncInterval: 500ms\n",
                        "spec.resyncInterval", "'500ms' is too short"),
                appSpecProblem("budget window above a day", "requestBudget: {per: 25h}\n",
                        "spec.requestBudget.per", "'25h' is too long: must be from 1s to 24h"),
                appSpecProblem("budget window below a second", "requestBudget: {per: 10ms}\n",
                        "spec.requestBudget.per", "'10ms' is too short"),
                appSpecProblem("budget requests zero", "requestBudget: {requests: 0}\n",
                        "spec.requestBudget.requests", "1 or more"),
                appSpecProblem("budget window invalid", "requestBudget: {per: 5 minutes}\n",
                        "spec.requestBudget.per", "not a duration"),
                appSpecProblem("budget window empty", "requestBudget: {per: ''}\n",
                        "spec.requestBudget.per", "required"),
                appSpecProblem("budget headroom above 1", "requestBudget: {headroom: 1.5}\n",
                        "spec.requestBudget.headroom", "at most 1"),
                appSpecProblem("budget headroom zero", "requestBudget: {headroom: 0}\n",
                        "spec.requestBudget.headroom", "more than 0"),
                Arguments.of("assigned user missing", of(app("acme", "alice", "alcie"), ALICE),
                        "ScimApp/team/acme", "spec.assignments.users[1]", "no ScimUser named 'alcie' in namespace team (did you mean alice?)"),
                Arguments.of("assigned group missing", of(appWithoutAssignments("assignments: {groups: [sre]}\n"), ALICE),
                        "ScimApp/team/acme", "spec.assignments.groups[0]", "no ScimGroup named 'sre'"),
                Arguments.of("selector operator", of(appWithoutAssignments("""
                    assignments:
                      userSelector:
                        matchExpressions: [{key: team, operator: Equals, values: [sre]}]
                    """), ALICE),
                        "ScimApp/team/acme", "spec.assignments.userSelector.matchExpressions[0].operator", "not one of In, NotIn"),
                Arguments.of("selector In without values", of(appWithoutAssignments("""
                    assignments:
                      userSelector:
                        matchExpressions: [{key: team, operator: In}]
                    """), ALICE),
                        "ScimApp/team/acme", "spec.assignments.userSelector.matchExpressions[0].values", "at least one value"),
                Arguments.of("selector label value", of(appWithoutAssignments("""
                    assignments:
                      userSelector:
                        matchLabels: {team: "s r e"}
                    """), ALICE),
                        "ScimApp/team/acme", "spec.assignments.userSelector.matchLabels.team", "label value 's r e' is invalid"),
                // every resource
                Arguments.of("declared twice", of(app("acme", "alice"), ALICE, ALICE),
                        "ScimUser/team/alice", "metadata.name", "declared twice"),
                Arguments.of("invalid name", of(app("acme", "Alice"), user("Alice", "alice@example.com")),
                        "ScimUser/team/Alice", "metadata.name", "not a valid name"),
                Arguments.of("missing spec", of(app("acme", "alice"), ALICE, """
                    apiVersion: scim.cfscim.dev/v1alpha1
                    kind: ScimGroup
                    metadata: {name: empty, namespace: team}
                    """), "ScimGroup/team/empty", "spec", "spec is required"),
                // ScimUser
                Arguments.of("userName not an email", of(app("acme", "alice"), user("alice", "alice")),
                        "ScimUser/team/alice", "spec.userName", "not an email address"),
                Arguments.of("userName missing", of(app("acme", "alice"), user("alice", "''")),
                        "ScimUser/team/alice", "spec.userName", "required"),
                Arguments.of("userName longer than an email address", of(app("acme", "alice"),
                        user("alice", "a".repeat(243) + "@example.com")), "ScimUser/team/alice", "spec.userName",
                        "is 255 characters long: an email address has at most 254"),
                Arguments.of("userName with NUL", of(app("acme", "alice"), user("alice", "\"ali\\0ce@example.com\"")),
                        "ScimUser/team/alice", "spec.userName",
                        "'ali\\u0000ce@example.com' has a control character (U+0000) at position 4"),
                Arguments.of("userName with BEL", of(app("acme", "alice"), user("alice", "\"alice@exa\\ample.com\"")),
                        "ScimUser/team/alice", "spec.userName", "control character (U+0007) at position 10"),
                Arguments.of("userName duplicated ignoring case", of(app("acme", "alice", "alice2"), ALICE,
                        user("alice2", "Alice@Example.com")), "ScimUser/team/alice2", "spec.userName",
                        "also the userName of ScimUser alice"),
                // ScimGroup
                Arguments.of("displayName empty", of(app("acme", "alice"), ALICE, group("sre", "''", "alice")),
                        "ScimGroup/team/sre", "spec.displayName", "required"),
                Arguments.of("displayName shared by two groups bound in one app", of(app("acme", "alice"), ALICE,
                        group("sre", "SRE", "alice"), group("sre-2", "sre", "alice"),
                        binding("b1", "acme", "sre", "Administrator"), binding("b2", "acme", "sre-2", "DNS")),
                        "ScimGroup/team/sre-2", "spec.displayName", "also the displayName of ScimGroup sre"),
                Arguments.of("displayName reserved in UserGroups mode", of(appSpec("groupMode: UserGroups\n"), ALICE,
                        group("sre", "CF admins", "alice"), binding("b1", "acme", "sre", "Administrator")),
                        "ScimGroup/team/sre", "spec.displayName", "begins with CF"),
                // GroupRoleBinding
                bindingProblem("binding to a missing app", "acme-prod", "sre", "DNS", "spec.appRef",
                        "no ScimApp named 'acme-prod'"),
                bindingProblem("binding to a missing group", "acme", "sres", "DNS", "spec.groupRef",
                        "no ScimGroup named 'sres' in namespace team (did you mean sre?)"),
                bindingProblem("unknown role", "acme", "sre", "Adminstrator", "spec.role",
                        "'Adminstrator' is not a Cloudflare account-scoped role; nearest account-scoped roles: Administrator"),
                bindingProblem("role in the wrong case", "acme", "sre", "administrator read only", "spec.role",
                        "must be spelled exactly 'Administrator Read Only'"),
                bindingProblem("domain-scoped role", "acme", "sre", "Domain DNS", "spec.role",
                        "domain-scoped role: SCIM can provision only account-scoped roles (grant domain roles in the dashboard); "
                                + "nearest account-scoped roles: DNS"),
                bindingProblem("role empty", "acme", "sre", "", "spec.role",
                        "required: must not be empty (An account-scoped Cloudflare role, spelled exactly, such as "
                                + "Administrator Read Only.)"),
                Arguments.of("same group bound to the same role twice", of(app("acme", "alice"), ALICE,
                        group("sre", "SRE", "alice"), binding("b1", "acme", "sre", "DNS"), binding("b2", "acme", "sre", "DNS")),
                        "GroupRoleBinding/team/b2", "spec.role", "GroupRoleBinding b1 (case.yaml:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void reportsAnError(String rule, String yaml, String resource, String field, String message) {
        Problems problems = validate(yaml);

        assertThat(problems.errors())
                .as(problems.toString())
                .anySatisfy(p -> {
                    assertThat(p.resource()).hasToString(resource);
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.message()).contains(message);
                    assertThat(p.source()).isNotNull();
                    assertThat(p.source().file()).isEqualTo("case.yaml");
                });
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                Arguments.of("two apps on one account", of(app("acme", "alice"), app("acme-two", "alice"), ALICE),
                        "ScimApp/team/acme-two", "spec.accountId", "also managed by ScimApp/team/acme"),
                Arguments.of("group member names no ScimUser", of(app("acme", "alice"), ALICE, group("sre", "SRE", "alice", "bobb")),
                        "ScimGroup/team/sre", "spec.members[1]", "no ScimUser named 'bobb'"),
                Arguments.of("member listed twice", of(app("acme", "alice"), ALICE, group("sre", "SRE", "alice", "alice")),
                        "ScimGroup/team/sre", "spec.members[1]", "listed twice"),
                Arguments.of("members not assigned to the app", of(app("acme", "alice"), ALICE, BOB,
                        group("sre", "SRE", "alice", "bob"), binding("b", "acme", "sre", "DNS")),
                        "GroupRoleBinding/team/b", "spec.groupRef", "1 member(s) of ScimGroup sre are not assigned to ScimApp acme "
                                + "and will not get the role: bob"),
                Arguments.of("empty selector selects everyone", of(appWithoutAssignments("""
                    assignments: {userSelector: {}}
                    """), ALICE),
                        "ScimApp/team/acme", "spec.assignments.userSelector", "matches every ScimUser in namespace team"),
                Arguments.of("app assigns nobody", of(appWith("acme", """
                    accountId: %s
                    tokenSecretRef: {name: t}
                    """.formatted(ACCOUNT))), "ScimApp/team/acme", "spec.assignments", "assigns no users"),
                appSpecProblem("resync very short", "resyncInterval: 30s\n",
                        "spec.resyncInterval", "shorter than 1m"),
                appSpecProblem("budget above Cloudflare's limit", "requestBudget: {requests: 1200, per: 1m, headroom: 1}\n",
                        "spec.requestBudget", "20.0 requests a second"),
                appSpecProblem("endpoint of another account",
                        "endpoint: https://api.cloudflare.com/client/v4/accounts/ffffffffffffffffffffffffffffffff/scim/v2\n",
                        "spec.endpoint", "names account ffffffffffffffffffffffffffffffff"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warnings")
    void reportsAWarningAndNoError(String rule, String yaml, String resource, String field, String message) {
        Problems problems = validate(yaml);

        assertThat(problems.errors()).as(problems.toString()).isEmpty();
        assertThat(problems.warnings()).as(problems.toString()).anySatisfy(p -> {
            assertThat(p.resource()).hasToString(resource);
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        String yaml = of(
                appWith("acme", "accountId: nope\nassignments: {users: [ghost]}\ndeprovisionLimit: -5\n"),
                user("alice", "not-an-email"),
                binding("b", "acme", "nothing", "Domain Administrator"));

        Problems problems = validate(yaml);

        assertThat(problems.errors()).extracting(p -> p.resource().name() + " " + p.field()).containsExactly(
                // Within a document, the CRD's refusals first, by field, then the references.
                "acme spec.accountId",
                "acme spec.deprovisionLimit",
                "acme spec.tokenSecretRef",
                "acme spec.assignments.users[0]",
                "alice spec.userName",
                "b spec.role",
                "b spec.groupRef");
        assertThat(problems.errors()).extracting(p -> p.source().document()).containsExactly(1, 1, 1, 1, 2, 3, 3);
        assertThat(problems.errors().get(5).message()).contains("nearest account-scoped roles: Administrator");
    }

    @Test
    void referencesResolveWithinTheNamespaceOnly() {
        String otherNamespace = user("alice", "alice@example.com").replace("namespace: team", "namespace: elsewhere");

        Problems problems = validate(of(app("acme", "alice"), otherNamespace));

        assertThat(problems.errors()).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo(new ResourceKey("ScimApp", "team", "acme"));
            assertThat(p.message()).isEqualTo("no ScimUser named 'alice' in namespace team");
        });
    }

    @Test
    void sameUserNameInTwoNamespacesIsAllowed() {
        String elsewhere = user("alice", "alice@example.com").replace("namespace: team", "namespace: elsewhere");

        assertThat(validate(of(app("acme", "alice"), ALICE, elsewhere)).errors()).isEmpty();
    }

    @Test
    void httpIsAllowedWithAllowInsecureEndpoint() {
        String yaml = of(appSpec("endpoint: http://localhost:8080/scim/v2\nallowInsecureEndpoint: true\n"), ALICE);

        assertThat(validate(yaml).all()).isEmpty();
    }

    @Test
    void theSameGroupMayCarryTheSameRoleInTwoApps() {
        String second = appWith("beta", """
            accountId: ffffffffffffffffffffffffffffffff
            tokenSecretRef: {name: t}
            assignments: {users: [alice]}
            """);
        String yaml = of(app("acme", "alice"), second, ALICE, group("sre", "SRE", "alice"),
                binding("b1", "acme", "sre", "DNS"), binding("b2", "beta", "sre", "DNS"));

        assertThat(validate(yaml).all()).isEmpty();
    }

    @Test
    void problemsPrintWithFileResourceAndField() {
        Problems problems = validate(of(app("acme", "alice"), user("alice", "alice")));

        List<String> lines = problems.toString().lines().toList();
        assertThat(lines).containsExactly(
                "error: case.yaml:" + (app("acme", "alice").lines().count() + 2)
                        + " (document 2): ScimUser/team/alice: spec.userName: 'alice' is not an email address: "
                        + "Cloudflare's userName is the member's email");
    }

    @Test
    void aConfusableUserNameIsAnErrorNamingItsCharactersUnlessTheUserOptsOut() {
        String cyrillicA = "p\u0430ul@example.com";
        String refused = Docs.user("paul", cyrillicA);
        String allowed = Docs.user("paul", cyrillicA).replace("spec:\n", "spec:\n  allowConfusableUserName: true\n");

        assertThat(validate(of(app("acme", "paul"), refused)).errors()).singleElement().satisfies(p -> {
            assertThat(p.resource()).hasToString("ScimUser/team/paul");
            assertThat(p.field()).isEqualTo("spec.userName");
            assertThat(p.message()).contains("U+0430 CYRILLIC SMALL LETTER A at position 2",
                    "allowConfusableUserName: true");
        });
        assertThat(allowed).contains("allowConfusableUserName: true");
        assertThat(validate(of(app("acme", "paul"), allowed)).errors()).isEmpty();
    }
}
