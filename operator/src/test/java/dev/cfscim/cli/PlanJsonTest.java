package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.cfscim.emulator.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --json} as data, format 2.0: each change's resource, members by userName, roles
 * granted and taken, why it is held, and the counts as numbers, in both of Cloudflare's models;
 * and docs/plan.schema.json, which {@link CfscimRun} holds every plan to, refusing what it does not
 * describe.
 */
class PlanJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPER_ADMINISTRATOR = "Super Administrator - All Privileges";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAccount virtualGroups = new EmulatedAccount(Profile.VIRTUAL_GROUPS, "plan-json-token");

    @RegisterExtension
    final EmulatedAccount userGroups = new EmulatedAccount(Profile.USER_GROUPS, "plan-json-ug-token");

    private static JsonNode plan(EmulatedAccount account, Path files) throws IOException {
        CfscimRun run = CfscimRun.of(account.args("plan", files.toString(), "-json"));
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static List<JsonNode> changes(JsonNode plan, String action) {
        return StreamSupport.stream(plan.path("changes").spliterator(), false)
                .filter(c -> c.path("action").asText().equals(action)).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void eachChangeNamesItsResourceMembersAndRoles() throws IOException {
        JsonNode plan = plan(virtualGroups, Path.of("../examples/virtual-groups"));

        assertThat(plan.path("format_version").asText()).isEqualTo("2.0");
        assertThat(plan.path("counts")).isEqualTo(JSON.readTree("{\"add\": 8, \"change\": 0, \"remove\": 0, \"held\": 0}"));
        JsonNode create = changes(plan, "createUser").get(0);
        assertThat(create.path("resource").path("type").asText()).isEqualTo("user");
        assertThat(create.path("resource").path("id").isNull()).as("no id before Cloudflare gives one").isTrue();
        assertThat(texts(create.path("membersAdded"))).containsExactly(create.path("userName").asText());
        JsonNode readOnly = changes(plan, "addMembers").stream()
                .filter(c -> c.path("role").asText().equals("Administrator Read Only")).findFirst().orElseThrow();
        assertThat(readOnly.path("resource").path("type").asText()).isEqualTo("roleGroup");
        assertThat(texts(readOnly.path("membersAdded"))).containsExactly("elena.petrova@acme.example.com");
        assertThat(texts(readOnly.path("rolesAdded"))).containsExactly("Administrator Read Only");
        assertThat(texts(readOnly.path("rolesRemoved"))).isEmpty();
    }

    @Test
    void aRemovalListsWhoLosesWhichRoleAsDocsCliShowsIt() throws IOException {
        assertThat(CfscimRun.of(virtualGroups.args("apply", "../examples/virtual-groups", "--auto-approve")).exit()).isZero();
        Path files = ExampleFiles.copy(dir.resolve("no-auditors"), (name, text) -> !name.equals("bindings.yaml") ? text
                : text.replaceAll("(?s)---\\napiVersion[^-]*?name: auditors-read-only.*?role: Administrator Read Only\\n", ""));

        JsonNode plan = plan(virtualGroups, files);

        assertThat(plan.path("counts").path("remove").asInt()).isEqualTo(1);
        ObjectNode removal = (ObjectNode) changes(plan, "removeMembers").get(0);
        // docs/cli.md shows this change, its ids elided.
        ((ObjectNode) removal.path("resource")).put("id", "...");
        removal.put("groupId", "...");
        Matcher shown = Pattern.compile("(?s)A change removing Elena's role, as the plan lists it:\\n```json\\n(.*?)```")
                .matcher(Files.readString(Path.of("../docs/cli.md")));
        assertThat(shown.find()).isTrue();
        assertThat(removal).isEqualTo(JSON.readTree(shown.group(1)));
    }

    @Test
    void userGroupChangesCarryTheRolesTheirMembersGainOrLose() throws IOException {
        JsonNode plan = plan(userGroups, Path.of("../examples"));
        JsonNode setRoles = changes(plan, "setGroupRoles").stream()
                .filter(c -> c.path("group").asText().equals("Auditors")).findFirst().orElseThrow();
        assertThat(setRoles.path("resource").path("type").asText()).isEqualTo("userGroup");
        assertThat(texts(setRoles.path("roles"))).containsExactly("Administrator Read Only");
        assertThat(texts(setRoles.path("rolesBefore"))).isEmpty();
        assertThat(texts(setRoles.path("rolesAdded"))).containsExactly("Administrator Read Only");
        JsonNode join = changes(plan, "addGroupMembers").stream()
                .filter(c -> c.path("group").asText().equals("Auditors")).findFirst().orElseThrow();
        assertThat(texts(join.path("membersAdded"))).containsExactly("elena.petrova@acme.example.com");
        assertThat(texts(join.path("rolesAdded"))).as("the roles the plan gives the group").containsExactly("Administrator Read Only");

        // Saved and applied: the saved plan's tree, read back, equals the plan made again (not stale).
        Path saved = dir.resolve("ug.plan");
        assertThat(CfscimRun.of(userGroups.args("plan", "../examples", "-out", saved.toString())).exit()).isZero();
        CfscimRun apply = CfscimRun.of(userGroups.args("apply", "../examples", saved.toString()));
        assertThat(apply.exit()).as(apply.err()).isZero();
        Path files = Files.createDirectory(dir.resolve("no-auditors"));
        for (String name : List.of("app.yaml", "users.yaml", "groups.yaml", "bindings.yaml", "secret.yaml")) {
            String text = Files.readString(Path.of("../examples", name));
            Files.writeString(files.resolve(name), !name.equals("bindings.yaml") ? text
                    : text.replaceAll("(?s)---\\napiVersion[^-]*?name: auditors-read-only.*?role: Administrator Read Only\\n", ""));
        }
        JsonNode delete = changes(plan(userGroups, files), "deleteGroup").get(0);
        assertThat(delete.path("group").asText()).isEqualTo("Auditors");
        assertThat(texts(delete.path("membersRemoved"))).as("a deleted group's members leave it")
                .containsExactly("elena.petrova@acme.example.com");
        assertThat(texts(delete.path("rolesRemoved"))).containsExactly("Administrator Read Only");
    }

    @Test
    void aHeldChangeSaysWhyAndWhatItWouldTake() throws IOException {
        Path files = ExampleFiles.withScimUser(dir.resolve("owner"), "owner",
                "{userName: owner@example.com, active: false}");

        JsonNode plan = plan(virtualGroups, files);

        assertThat(plan.path("counts").path("held").asInt()).isEqualTo(1);
        JsonNode held = plan.path("held").get(0);
        assertThat(held.path("action").asText()).isEqualTo("deactivateUser");
        assertThat(held.path("held").path("reason").asText()).isEqualTo("LastSuperAdministrator");
        assertThat(held.path("held").path("safetyRail").asBoolean()).isTrue();
        assertThat(held.path("held").path("message").asText()).contains("last Super Administrator");
        assertThat(texts(held.path("membersRemoved"))).containsExactly("owner@example.com");
        assertThat(texts(held.path("rolesRemoved"))).contains(SUPER_ADMINISTRATOR);

        Path saved = dir.resolve("held.plan");
        assertThat(CfscimRun.of(virtualGroups.args("plan", files.toString(), "-out", saved.toString())).exit()).isZero();
        CfscimRun apply = CfscimRun.of(virtualGroups.args("apply", files.toString(), saved.toString()));
        assertThat(apply.exit()).as("a saved plan with a held change is current: " + apply.err()).isZero();
        assertThat(apply.out()).contains("1 held");
    }

    @Test
    void theSchemaRefusesWhatItDoesNotDescribe() throws IOException {
        String valid = CfscimRun.of(virtualGroups.args("plan", "../examples/virtual-groups", "-json")).out();
        assertThat(PlanSchema.errors(valid)).isEmpty();

        ObjectNode oldVersion = (ObjectNode) JSON.readTree(valid);
        oldVersion.put("format_version", "1.0");
        assertThat(PlanSchema.errors(oldVersion.toString())).anyMatch(e -> e.contains("format_version"));

        ObjectNode noMembers = (ObjectNode) JSON.readTree(valid);
        ((ObjectNode) noMembers.path("changes").get(0)).remove("membersRemoved");
        assertThat(PlanSchema.errors(noMembers.toString())).anyMatch(e -> e.contains("membersRemoved"));

        ObjectNode unknown = (ObjectNode) JSON.readTree(valid);
        ((ObjectNode) unknown.path("changes").get(0)).put("surprise", true);
        assertThat(PlanSchema.errors(unknown.toString())).anyMatch(e -> e.contains("surprise"));

        ObjectNode userChangeWithoutUser = (ObjectNode) JSON.readTree(valid);
        ((ObjectNode) userChangeWithoutUser.path("changes").get(0)).remove("userName");
        assertThat(PlanSchema.errors(userChangeWithoutUser.toString())).anyMatch(e -> e.contains("userName"));
    }

    @Test
    void theSchemaIsAValidJsonSchema202012() throws IOException {
        var meta = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012())
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(Files.readString(PlanSchema.FILE), InputFormat.JSON)).isEmpty();
    }
}
