package dev.cfscim.emulator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.Exchange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema check itself: what it accepts, rejects, forgives (with a source) and cannot check. */
class CloudflareApiSchemaTest {

    private static final String ACCOUNT = "/client/v4/accounts/0123456789abcdef0123456789abcdef";
    private static final String USER = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + "\"id\":\"u1\",\"userName\":\"a@example.com\",\"active\":true,\"groups\":%s}";

    private final CloudflareApiSchema schema = CloudflareApiSchema.published();

    private static List<Finding.Kind> kinds(List<Finding> findings) {
        return findings.stream().map(Finding::kind).toList();
    }

    @Test
    void aUserWithGroupsAsStringsIsThePublishedForm() {
        List<Finding> findings = schema.check(new Exchange("GET", ACCOUNT + "/scim/v2/Users/u1", null, null,
                200, USER.formatted("[\"cloudflare-v1-abc\"]")));
        assertThat(kinds(findings)).doesNotContain(Finding.Kind.DEVIATION);
    }

    @Test
    void aUserWithGroupsAsRfc7643ObjectsDeviates() {
        List<Finding> findings = schema.check(new Exchange("GET", ACCOUNT + "/scim/v2/Users/u1", null, null,
                200, USER.formatted("[{\"value\":\"cloudflare-v1-abc\",\"display\":\"Administrator\"}]")));
        assertThat(findings).filteredOn(f -> f.kind() == Finding.Kind.DEVIATION)
                .extracting(Finding::detail).anyMatch(d -> d.contains("/groups/0"));
    }

    @Test
    void startIndexBelowOneIsForgivenByTheParametersOwnDescription() {
        String list = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                + "\"totalResults\":0,\"Resources\":[]}";
        List<Finding> findings = schema.check(new Exchange("GET", ACCOUNT + "/scim/v2/Users", "startIndex=0",
                null, 200, list));
        assertThat(kinds(findings)).contains(Finding.Kind.LENIENCY).doesNotContain(Finding.Kind.DEVIATION);
        assertThat(schema.check(new Exchange("GET", ACCOUNT + "/scim/v2/Users", "count=-1", null, 200, list)))
                .extracting(Finding::kind).contains(Finding.Kind.DEVIATION);
    }

    @Test
    void opInAnyCaseIsForgivenOnUsersOnly() {
        String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"x\"}]}";
        List<Finding> users = schema.check(new Exchange("PATCH", ACCOUNT + "/scim/v2/Users/u1", null, patch,
                200, USER.formatted("[]")));
        assertThat(kinds(users)).contains(Finding.Kind.LENIENCY).doesNotContain(Finding.Kind.DEVIATION);
        List<Finding> groups = schema.check(new Exchange("PATCH", ACCOUNT + "/scim/v2/Groups/g1", null, patch,
                200, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"id\":\"g1\",\"displayName\":\"x\"}"));
        assertThat(kinds(groups)).contains(Finding.Kind.DEVIATION);
    }

    @Test
    void anErrorStatusMustBeAString() {
        String error = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":%s}";
        assertThat(kinds(schema.check(new Exchange("GET", ACCOUNT + "/scim/v2/Users/x", null, null, 404,
                error.formatted("\"404\""))))).doesNotContain(Finding.Kind.DEVIATION);
        assertThat(kinds(schema.check(new Exchange("GET", ACCOUNT + "/scim/v2/Users/x", null, null, 404,
                error.formatted("404"))))).contains(Finding.Kind.DEVIATION);
    }

    @Test
    void whatTheSchemaLacksIsSaidNotPassed() {
        assertThat(kinds(schema.check(new Exchange("DELETE", ACCOUNT + "/scim/v2/Users/u1", null, null, 204, null))))
                .containsExactly(Finding.Kind.NOT_IN_SCHEMA);
        assertThat(schema.check(new Exchange("GET", ACCOUNT + "/iam/user_groups", null, null, 200,
                "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[]}")))
                .filteredOn(f -> f.kind() == Finding.Kind.SILENT).isNotEmpty();
        assertThat(schema.check(new Exchange("GET", "/__emulator/state", null, null, 200, "{}"))).isEmpty();
    }
}
