package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cfscim.cli.Cfscim;
import dev.cfscim.plan.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A user's {@code groups} and a group's {@code members} in every form a server may send, read over
 * HTTP by the real client: Cloudflare's published strings, RFC 7643 objects, a mix; and each malformed
 * form, which must stop the scan with a clear error rather than read as "no memberships".
 */
class MembershipFormsTest {

    private static final String ACCOUNT = CraftedScimServer.ACCOUNT_ID;
    private static final String ADMIN_GROUP = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
            + "\"id\":\"6f2d\",\"displayName\":\"CF-" + ACCOUNT + " - Administrator\"}";

    @TempDir
    Path dir;

    /** A User as Cloudflare answers it, with {@code groups} written as given ({@code ""}: left out). */
    private static String user(String id, String userName, String groups) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"" + id + "\",\"userName\":\""
                + userName + "\",\"active\":true" + (groups.isEmpty() ? "" : ",\"groups\":" + groups) + "}";
    }

    /** A Group named Ops, with {@code members} written as given ({@code ""}: left out, as in a summary). */
    private static String group(String members) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"id\":\"9c1e\",\"displayName\":\"Ops\""
                + (members.isEmpty() ? "" : ",\"members\":" + members) + "}";
    }

    static Stream<Arguments> goodGroups() {
        return Stream.of(
                Arguments.of("published: group ids as strings", "[\"cloudflare-v1-aa11\",\"6f2d\"]",
                        List.of("cloudflare-v1-aa11", "6f2d")),
                Arguments.of("RFC 7643: objects with a value", "[{\"value\":\"cloudflare-v1-aa11\",\"display\":\"DNS\"},"
                        + "{\"value\":\"6f2d\"}]", List.of("cloudflare-v1-aa11", "6f2d")),
                Arguments.of("a mix", "[\"cloudflare-v1-aa11\",{\"value\":\"6f2d\",\"display\":\"Ops\"}]",
                        List.of("cloudflare-v1-aa11", "6f2d")),
                Arguments.of("empty", "[]", List.of()),
                Arguments.of("null: in no group", "null", List.of()),
                Arguments.of("absent: in no group", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodGroups")
    void readsAUsersGroupsInEachForm(String form, String groups, List<String> expected) throws IOException {
        try (CraftedScimServer server = new CraftedScimServer("[" + user("1a2b", "alice@example.com", groups) + "]",
                "[]")) {
            assertThat(server.client().directory().listUsers()).singleElement()
                    .satisfies(u -> assertThat(u.groupIds()).containsExactlyElementsOf(expected));
        }
    }

    static Stream<Arguments> goodMembers() {
        return Stream.of(
                Arguments.of("published: objects with a value", "[{\"value\":\"1a2b\",\"display\":\"alice@example.com\"},"
                        + "{\"value\":\"3c4d\"}]", List.of("1a2b", "3c4d")),
                Arguments.of("user ids as strings", "[\"1a2b\",\"3c4d\"]", List.of("1a2b", "3c4d")),
                Arguments.of("a mix", "[\"1a2b\",{\"value\":\"3c4d\"}]", List.of("1a2b", "3c4d")),
                Arguments.of("empty", "[]", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodMembers")
    void readsAGroupsMembersInEachForm(String form, String members, List<String> expected) throws IOException {
        try (CraftedScimServer server = new CraftedScimServer("[]", "[" + group(members) + "]")) {
            assertThat(server.client().directory().listGroups()).singleElement().satisfies(g -> {
                assertThat(g.membersKnown()).isTrue();
                assertThat(g.memberIds()).containsExactlyElementsOf(expected);
            });
        }
    }

    @Test
    void aGroupSummaryWithoutMembersHasThemUnknownNotEmpty() throws IOException {
        try (CraftedScimServer server = new CraftedScimServer("[]", "[" + group("") + "," + ADMIN_GROUP + "]")) {
            assertThat(server.client().directory().listGroups()).extracting(RemoteGroup::membersKnown).containsExactly(false, false);
        }
        try (CraftedScimServer server = new CraftedScimServer("[]", "[" + group("null") + "]")) {
            assertThat(server.client().directory().listGroups()).singleElement().satisfies(g -> assertThat(g.memberIds()).isNull());
        }
    }

    /** Each malformed list, and what the error says was found instead. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{\"value\":\"x1\"}", "got an object: {\"value\":\"x1\"}"),
                Arguments.of("\"x1\"", "got a string: \"x1\""),
                Arguments.of("7", "got a number: 7"),
                Arguments.of("true", "got a boolean: true"),
                Arguments.of("[7]", "element 0 is a number: 7"),
                Arguments.of("[\"x1\",null]", "element 1 is null"),
                Arguments.of("[[\"x1\"]]", "element 0 is an array: [\"x1\"]"),
                Arguments.of("[\"\"]", "element 0 is an empty string"),
                Arguments.of("[\"x1\",{\"value\":\"\"}]", "element 1 is an object with an empty 'value'"),
                Arguments.of("[{\"display\":\"Ops\"}]",
                        "element 0 is an object without a textual 'value': {\"display\":\"Ops\"}"),
                Arguments.of("[{\"value\":5}]", "element 0 is an object without a textual 'value': {\"value\":5}"),
                Arguments.of("[{\"value\":null}]", "element 0 is an object without a textual 'value': {\"value\":null}"),
                Arguments.of("[{\"value\":{\"id\":\"x1\"}}]",
                        "element 0 is an object without a textual 'value': {\"value\":{\"id\":\"x1\"}}"));
    }

    @ParameterizedTest(name = "groups: {0}")
    @MethodSource("malformed")
    void aMalformedGroupsListFailsTheWholeScan(String groups, String found) throws IOException {
        // A good user first: the list must fail as a whole, never come back with the users read so far.
        String users = "[" + user("5e6f", "bob@example.com", "[\"6f2d\"]") + ","
                + user("1a2b", "alice@example.com", groups) + "]";
        try (CraftedScimServer server = new CraftedScimServer(users, "[" + ADMIN_GROUP + "]")) {
            CloudflareScimClient client = server.client();
            Engine engine = new Engine(client.directory(), client.iam());
            assertThatThrownBy(() -> engine.scan(ACCOUNT))
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.kind()).isEqualTo(ScimException.Kind.PERMANENT))
                    .hasMessage("GET /Users: user 1a2b (alice@example.com): 'groups' must be an array of group ids "
                            + "(strings) or of objects with a 'value'; " + found);
        }
    }

    @ParameterizedTest(name = "members: {0}")
    @MethodSource("malformed")
    void aMalformedMembersListFailsTheGroupList(String members, String found) throws IOException {
        try (CraftedScimServer server = new CraftedScimServer("[]", "[" + ADMIN_GROUP + "," + group(members) + "]")) {
            assertThatThrownBy(() -> server.client().directory().listGroups())
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.kind()).isEqualTo(ScimException.Kind.PERMANENT))
                    .hasMessage("GET /Groups: group 9c1e (Ops): 'members' must be an array of user ids "
                            + "(strings) or of objects with a 'value'; " + found);
        }
    }

    @Test
    void aLookupByNameReadsTheSameForms() throws IOException {
        try (CraftedScimServer server = new CraftedScimServer(
                "[" + user("1a2b", "alice@example.com", "[\"6f2d\",{\"value\":\"9c1e\"}]") + "]", "[]")) {
            assertThat(server.client().directory().findUser("alice@example.com")).get()
                    .satisfies(u -> assertThat(u.groupIds()).containsExactly("6f2d", "9c1e"));
        }
        try (CraftedScimServer server = new CraftedScimServer("[" + user("1a2b", "alice@example.com", "{}") + "]", "[]")) {
            assertThatThrownBy(() -> server.client().directory().findUser("alice@example.com"))
                    .hasMessageStartingWith("GET /Users: user 1a2b (alice@example.com): 'groups' must be an array");
        }
    }

    @Test
    void planAgainstThePublishedStringFormTakesARoleAwayAndReAddsNothing() throws IOException {
        // Alice and Bob both hold Administrator through its role group; Git now has only Alice in Ops.
        CliRun plan = plan(user("1a2b", "alice@example.com", "[\"cloudflare-v1-aa11\",\"6f2d\"]"),
                user("5e6f", "bob@example.com", "[\"6f2d\"]"));

        assertThat(plan.exit()).as(plan.err()).isEqualTo(2);
        // Both members were made outside cfscim: the app claims them (its tag in their externalId).
        assertThat(plan.out())
                .contains("  - remove bob@example.com from role \"Administrator\"")
                .contains("  ~ update user alice@example.com  (externalId (none) -> \"cfscim:")
                .contains("Plan: 0 to add, 2 to change, 1 to remove, 0 held.")
                .doesNotContain("+ add");
    }

    @Test
    void planStopsOnAGroupsListItCannotReadAndPlansNothing() throws IOException {
        CliRun plan = plan(user("1a2b", "alice@example.com", "[\"6f2d\"]"),
                user("5e6f", "bob@example.com", "{\"6f2d\":true}"));

        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).isEqualTo("Using the API token from --token-file " + dir.resolve("token")
                + System.lineSeparator()
                + "Error: GET /Users: user 5e6f (bob@example.com): 'groups' must be an "
                + "array of group ids (strings) or of objects with a 'value'; got an object: {\"6f2d\":true}"
                + System.lineSeparator());
        assertThat(plan.out()).isEmpty();
    }

    /** What {@code cfscim plan} printed and returned. */
    private record CliRun(int exit, String out, String err) {
    }

    /**
     * {@code cfscim plan} of Ops (Alice) bound to Administrator, with Alice and Bob assigned, against
     * a server listing these users and the Administrator role group; it checks that plan only read.
     */
    private CliRun plan(String... users) throws IOException {
        try (CraftedScimServer server = new CraftedScimServer("[" + String.join(",", users) + "]",
                "[" + ADMIN_GROUP + "]")) {
            CliRun run = plan(server);
            assertThat(server.requests()).as("plan only reads").isNotEmpty().allMatch(r -> r.startsWith("GET "));
            return run;
        }
    }

    private CliRun plan(CraftedScimServer server) throws IOException {
        Path files = Files.createDirectories(dir.resolve("declared"));
        Files.writeString(files.resolve("app.yaml"), """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimApp
                metadata: {name: acme, namespace: cfscim}
                spec:
                  accountId: %s
                  tokenSecretRef: {name: cloudflare-scim-token, key: token}
                  groupMode: VirtualGroups
                  assignments:
                    users: [alice, bob]
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: alice, namespace: cfscim}
                spec: {userName: alice@example.com}
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: bob, namespace: cfscim}
                spec: {userName: bob@example.com}
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimGroup
                metadata: {name: ops, namespace: cfscim}
                spec:
                  displayName: Ops
                  members: [alice]
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: GroupRoleBinding
                metadata: {name: ops-administrator, namespace: cfscim}
                spec: {appRef: acme, groupRef: ops, role: Administrator}
                """.formatted(ACCOUNT));
        Path token = Files.writeString(dir.resolve("token"), "crafted-token\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cfscim.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("plan", "-f", files.toString(), "--endpoint", server.scimBaseUrl(),
                "--token-file", token.toString(), "--detailed-exitcode");
        return new CliRun(exit, out.toString(), err.toString());
    }
}
