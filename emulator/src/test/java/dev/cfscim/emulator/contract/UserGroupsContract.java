package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.allowPolicy;
import static dev.cfscim.emulator.contract.ContractBodies.group;
import static dev.cfscim.emulator.contract.ContractBodies.obj;
import static dev.cfscim.emulator.contract.ContractHttp.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import java.util.List;

/**
 * What the user-groups contract tests share: an emulator on the user-groups profile, and the steps
 * they take through SCIM and the IAM API (a custom group, its policies, the v4 envelope).
 */
abstract class UserGroupsContract extends EmulatorContract {

    static final List<String> ROLES = ContractHttp.accountScopedRoles();
    static final String SYSTEM_PREFIX = "cloudflare-v1-";

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.profile(Profile.USER_GROUPS);
    }

    /** The v4 envelope of a success; returns {@code result}. */
    static JsonNode v4Result(Resp r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("success").asBoolean()).as(r.body()).isTrue();
        assertThat(body.path("errors").isArray()).isTrue();
        assertThat(body.path("errors").size()).isZero();
        assertThat(body.path("messages").isArray()).isTrue();
        assertThat(body.has("result")).isTrue();
        return body.path("result");
    }

    static void assertV4Failure(Resp r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("success").isBoolean()).isTrue();
        assertThat(r.json().path("success").asBoolean()).isFalse();
        assertThat(r.json().path("errors").size()).isPositive();
    }

    String permissionGroupId(String role) {
        JsonNode result = v4Result(iam.get("/iam/permission_groups?name=" + encode(role)));
        assertThat(result.size()).as("permission groups named %s: %s", role, result).isEqualTo(1);
        assertThat(result.get(0).path("name").asText()).isEqualTo(role);
        return result.get(0).path("id").asText();
    }

    String createCustomGroup(String displayName, String... members) {
        Resp r = scim.post("/Groups", group(displayName, members));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        assertThat(id).isNotBlank();
        return id;
    }

    Resp putPolicies(String groupId, String name, ObjectNode... policies) {
        return iam.put("/iam/user_groups/" + groupId, obj("name", name, "policies", List.of(policies)));
    }

    /** A pushed group of these members whose one allow policy grants {@code role} on the whole account. */
    String customGroupGranting(String displayName, String role, String... members) {
        String id = createCustomGroup(displayName, members);
        v4Result(putPolicies(id, displayName, allowPolicy(cf.accountId(), permissionGroupId(role))));
        return id;
    }
}
