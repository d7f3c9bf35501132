package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a member's own policies for Super Administrator: exact where they are clear, yes where they are not. */
class MemberPoliciesTest {

    static final String ACCOUNT_KEY = "com.cloudflare.api.account.023e105f4ecef8ad9ca31a8372d0c353";
    static final String SUPER = MemberPolicies.SUPER_ADMINISTRATOR;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One policy in the published shape: {@code access} on one permission group over one scope. */
    private static String policy(String access, String permissionGroup, String scopeKey, String object) {
        return """
                {"id": "f267e341f3dd4697bd3b9f71dd96247f", "access": "%s",
                 "permission_groups": [{"id": "c8fed203ed3043cba015a93ad1616f1f",
                                        "meta": {"key": "label", "value": "x"}, "name": "%s"}],
                 "resource_groups": [{"id": "6d7f2f5f5b1d4a0e9081fdc98d432fd1", "name": "%s",
                                      "meta": {"key": "editable", "value": "false"},
                                      "scope": {"key": "%s", "objects": [{"key": "%s"}]}}]}
                """.formatted(access, permissionGroup, scopeKey, scopeKey, object);
    }

    private static boolean mayGrant(String policiesJson) {
        try {
            return MemberPolicies.mayGrantSuperAdministrator(JSON.readTree(policiesJson), ACCOUNT_KEY);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean mayGrantMember(String memberJson) {
        try {
            JsonNode member = JSON.readTree(memberJson);
            return MemberPolicies.mayGrantSuperAdministrator(member.get("policies"), ACCOUNT_KEY);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAllowOfSuperAdministratorOnTheWholeAccountGrantsIt() {
        assertThat(mayGrant("[" + policy("allow", SUPER, ACCOUNT_KEY, "*") + "]")).isTrue();
        assertThat(mayGrant("[" + policy("allow", SUPER, ACCOUNT_KEY, ACCOUNT_KEY) + "]"))
                .as("an object naming the account itself").isTrue();
    }

    @Test
    void aDenyDoesNotGrantIt() {
        assertThat(mayGrant("[" + policy("deny", SUPER, ACCOUNT_KEY, "*") + "]")).isFalse();
    }

    @Test
    void anotherPermissionGroupDoesNotGrantIt() {
        assertThat(mayGrant("[" + policy("allow", "Administrator", ACCOUNT_KEY, "*") + "]")).isFalse();
        assertThat(mayGrant("[" + policy("allow", "Super Administrator", ACCOUNT_KEY, "*") + "]"))
                .as("names are matched exactly").isFalse();
    }

    @Test
    void aScopeNarrowerThanTheAccountOrOfAnotherAccountDoesNotGrantIt() {
        String zone = "com.cloudflare.api.account.zone.23f8d65290b24279ba6f44721b3eaad5";
        String otherAccount = "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4";

        assertThat(mayGrant("[" + policy("allow", SUPER, ACCOUNT_KEY, zone) + "]")).as("one zone").isFalse();
        assertThat(mayGrant("[" + policy("allow", SUPER, zone, "*") + "]")).as("a zone's key").isFalse();
        assertThat(mayGrant("[" + policy("allow", SUPER, otherAccount, "*") + "]")).as("another account").isFalse();
        assertThat(mayGrant("[" + policy("allow", SUPER, "com.cloudflare.api.account", "*") + "]"))
                .as("a prefix of the account's key").isFalse();
    }

    @Test
    void oneGrantingPolicyAmongOthersIsEnoughAndADenyDoesNotTakeItAway() {
        String policies = "[" + policy("allow", "DNS", ACCOUNT_KEY, "*") + ","
                + policy("deny", SUPER, ACCOUNT_KEY, "*") + "," + policy("allow", SUPER, ACCOUNT_KEY, "*") + "]";

        assertThat(mayGrant(policies)).isTrue();
    }

    @Test
    void aScopeListedAsAnArrayIsReadToo() {
        String asArray = policy("allow", SUPER, ACCOUNT_KEY, "*").replace("\"scope\": {", "\"scope\": [{")
                .replace("}]}}]}", "}]}]}]}");
        String zoneOnly = policy("allow", SUPER, ACCOUNT_KEY, "com.cloudflare.api.account.zone.1")
                .replace("\"scope\": {", "\"scope\": [{").replace("}]}}]}", "}]}]}]}");

        assertThat(mayGrant("[" + asArray + "]")).isTrue();
        assertThat(mayGrant("[" + zoneOnly + "]")).isFalse();
    }

    @Test
    void noPoliciesGrantNothing() {
        assertThat(mayGrant("[]")).isFalse();
        assertThat(mayGrantMember("{\"roles\": []}")).as("a member without the field").isFalse();
        assertThat(mayGrantMember("{\"policies\": null}")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "\"allow everything\"",
        "[\"not a policy\"]",
        "[{}]",
        "[{\"access\": \"allow\", \"resource_groups\": [{\"scope\": {\"key\": \"" + ACCOUNT_KEY
                + "\", \"objects\": [{\"key\": \"*\"}]}}]}]",
        "[{\"access\": \"allow\", \"permission_groups\": [{\"id\": \"c8fed203\"}], \"resource_groups\": [{\"scope\": "
                + "{\"key\": \"" + ACCOUNT_KEY + "\", \"objects\": [{\"key\": \"*\"}]}}]}]",
        "[{\"access\": \"allow\", \"permission_groups\": [{\"name\": \"" + SUPER + "\"}]}]",
        "[{\"access\": \"allow\", \"permission_groups\": [{\"name\": \"" + SUPER + "\"}], \"resource_groups\": [{}]}]",
        "[{\"access\": \"allow\", \"permission_groups\": [{\"name\": \"" + SUPER + "\"}], \"resource_groups\": "
                + "[{\"scope\": {\"objects\": [{\"key\": \"*\"}]}}]}]",
        "[{\"access\": \"allow\", \"permission_groups\": [{\"name\": \"" + SUPER + "\"}], \"resource_groups\": "
                + "[{\"scope\": {\"key\": \"" + ACCOUNT_KEY + "\", \"objects\": []}}]}]",
        "[{\"access\": \"allow\", \"permission_groups\": [{\"name\": \"" + SUPER + "\"}], \"resource_groups\": "
                + "[{\"scope\": {\"key\": \"" + ACCOUNT_KEY + "\", \"objects\": [42]}}]}]",
        "[{\"access\": 1, \"permission_groups\": [{\"name\": \"" + SUPER + "\"}], \"resource_groups\": "
                + "[{\"scope\": {\"key\": \"" + ACCOUNT_KEY + "\", \"objects\": [{\"key\": \"*\"}]}}]}]"
    })
    void malformedPoliciesCountAsGrantingItWithoutFailing(String policies) {
        assertThat(mayGrant(policies)).isTrue();
    }
}
