package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.group;
import static dev.cfscim.emulator.contract.ContractBodies.memberList;
import static dev.cfscim.emulator.contract.ContractBodies.op;
import static dev.cfscim.emulator.contract.ContractBodies.patchOps;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.MINIMAL;
import static dev.cfscim.emulator.contract.ContractHttp.assertScimError;
import static dev.cfscim.emulator.contract.ContractHttp.filter;
import static dev.cfscim.emulator.contract.ContractHttp.groupIds;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.contract.ContractHttp.Resp;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The virtual-groups profile: one CF-&lt;account&gt; - &lt;Role&gt; group per account-scoped role. */
class VirtualGroupsContractTest extends EmulatorContract {

    static final List<String> ROLES = ContractHttp.accountScopedRoles();

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.profile(Profile.VIRTUAL_GROUPS);
    }

    String name(String role) {
        return "CF-" + cf.accountId() + " - " + role;
    }

    @Nested
    class Listing {

        @Test
        void oneGroupPerAccountScopedRoleNamedExactly() {
            Resp r = scim.get("/Groups?startIndex=1&count=100");
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = r.json();
            List<String> expected = ROLES.stream().map(VirtualGroupsContractTest.this::name).collect(Collectors.toList());
            assertThat(body.path("totalResults").asInt()).isEqualTo(ROLES.size());
            assertThat(values(body.path("Resources"), "displayName")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(account.groups()).allSatisfy(g -> assertThat(g.kind()).isEqualTo("role"));
            assertThat(account.groups()).extracting(g -> g.role()).containsExactlyInAnyOrderElementsOf(ROLES);
        }

        @Test
        void groupsPageLikeUsers() {
            JsonNode first = scim.get("/Groups?startIndex=1&count=10").json();
            JsonNode second = scim.get("/Groups?startIndex=11&count=10").json();
            assertThat(first.path("totalResults").asInt()).isEqualTo(ROLES.size());
            assertThat(first.path("Resources").size()).isEqualTo(10);
            assertThat(second.path("Resources").size()).isEqualTo(10);
            assertThat(values(first.path("Resources"), "id")).doesNotContainAnyElementsOf(values(second.path("Resources"), "id"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Administrator", "Super Administrator - All Privileges", "Minimal Account Access",
                "SSL/TLS, Caching, Performance, Page Rules, and Customization", "Workers Platform (Read-only)"})
        void foundByDisplayNameEq(String role) {
            Resp r = scim.get("/Groups?" + filter("displayName eq \"" + name(role) + "\""));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("totalResults").asInt()).isEqualTo(1);
            JsonNode g = r.json().path("Resources").get(0);
            assertThat(g.path("displayName").asText()).isEqualTo(name(role));
            assertThat(g.path("id").asText()).isEqualTo(account.roleGroupId(role));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Administrator", "CF-00000000000000000000000000000000 - Administrator",
                "Domain Administrator", "Engineers"})
        void otherNamesFindNothing(String displayName) {
            String d = displayName.equals("Domain Administrator") ? name(displayName) : displayName;
            Resp r = scim.get("/Groups?" + filter("displayName eq \"" + d + "\""));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("totalResults").asInt()).isZero();
        }

        @Test
        void listHasNoMembersSingleGetHas() {
            String id = scim.createUser("m@example.com");
            String groupId = account.roleGroupId(ADMINISTRATOR);
            scim.addMembers(groupId, id);

            JsonNode listed = scim.get("/Groups?" + filter("displayName eq \"" + name(ADMINISTRATOR) + "\"")).json()
                    .path("Resources").get(0);
            assertThat(listed.has("members")).as(listed.toString()).isFalse();
            for (JsonNode g : scim.get("/Groups?count=100").json().path("Resources")) {
                assertThat(g.has("members")).as(g.toString()).isFalse();
            }

            Resp single = scim.get("/Groups/" + groupId);
            assertThat(single.status()).isEqualTo(200);
            assertThat(single.json().path("displayName").asText()).isEqualTo(name(ADMINISTRATOR));
            JsonNode members = single.json().path("members");
            assertThat(values(members, "value")).containsExactly(id);
            assertThat(values(members, "display")).containsExactly("m@example.com");
        }
    }

    @Nested
    class Membership {

        String a;
        String b;
        String c;
        String groupId;

        @BeforeEach
        void users() {
            a = scim.createUser("a@example.com");
            b = scim.createUser("b@example.com");
            c = scim.createUser("c@example.com");
            groupId = account.roleGroupId(ADMINISTRATOR);
        }

        @Test
        void addWithAValueListGrantsTheRole() {
            scim.addMembers(groupId, a, b);
            assertThat(scim.memberIds(groupId)).containsExactlyInAnyOrder(a, b);
            assertThat(account.effectiveRoles("a@example.com")).containsExactlyInAnyOrder(MINIMAL, ADMINISTRATOR);
            assertThat(account.effectiveRoles("c@example.com")).containsExactly(MINIMAL);
            assertThat(groupIds(scim.get("/Users/" + a).json().path("groups"))).contains(groupId);
            assertThat(account.groups()).filteredOn(g -> g.id().equals(groupId))
                    .singleElement().satisfies(g -> assertThat(g.memberIds()).containsExactlyInAnyOrder(a, b));
        }

        @Test
        void addingTwiceKeepsOneMembership() {
            scim.addMembers(groupId, a);
            scim.addMembers(groupId, a);
            assertThat(scim.memberIds(groupId)).containsExactly(a);
        }

        @Test
        void removeWithValueFilterPath() {
            scim.addMembers(groupId, a, b);
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("remove", "members[value eq \"" + a + "\"]", null)));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(scim.memberIds(groupId)).containsExactly(b);
            assertThat(account.effectiveRoles("a@example.com")).containsExactly(MINIMAL);
            assertThat(groupIds(scim.get("/Users/" + a).json().path("groups"))).doesNotContain(groupId);
            assertThat(groupIds(scim.get("/Users/" + b).json().path("groups"))).contains(groupId);
        }

        @Test
        void removeWithEntraMembersPathAndValueList() {
            scim.addMembers(groupId, a, b, c);
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("remove", "members", memberList(a, c))));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(scim.memberIds(groupId)).containsExactly(b);
        }

        @Test
        void removeWithMembersPathAndNoValueRemovesEveryone() {
            scim.addMembers(groupId, a, b);
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("remove", "members", null)));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(scim.memberIds(groupId)).isEmpty();
            assertThat(account.member("a@example.com")).hasValueSatisfying(m -> assertThat(m.active()).isTrue());
        }

        @Test
        void replaceMembers() {
            scim.addMembers(groupId, a, b);
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("replace", "members", memberList(c))));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(scim.memberIds(groupId)).containsExactly(c);
            assertThat(account.effectiveRoles("a@example.com")).doesNotContain(ADMINISTRATOR);
            assertThat(account.effectiveRoles("c@example.com")).contains(ADMINISTRATOR);
        }

        @Test
        void severalOperationsInOnePatch() {
            Resp r = scim.patch("/Groups/" + groupId, patchOps(
                    op("add", "members", memberList(a, b)),
                    op("remove", "members[value eq \"" + a + "\"]", null)));
            assertThat(r.status()).as(r.body()).isBetween(200, 299);
            assertThat(scim.memberIds(groupId)).containsExactly(b);
        }

        @Test
        void addingANonMemberIs400WithADetail() {
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("add", "members",
                    memberList(a, "0123456789abcdef0123456789abcdef"))));
            assertScimError(r, 400, null);
            assertThat(r.json().path("detail").asText()).isNotBlank();
            assertThat(scim.memberIds(groupId)).doesNotContain("0123456789abcdef0123456789abcdef");
        }

        @Test
        void addingADeprovisionedUserIs400() {
            assertThat(scim.patch("/Users/" + c, patchOps(op("replace", "active", false))).status()).isBetween(200, 299);
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("add", "members", memberList(c))));
            assertScimError(r, 400, null);
            assertThat(r.json().path("detail").asText()).isNotBlank();
            assertThat(scim.memberIds(groupId)).doesNotContain(c);
        }

        @Test
        void renamingARoleGroupIsMutability() {
            Resp r = scim.patch("/Groups/" + groupId, patchOps(op("replace", "displayName", "Renamed")));
            assertScimError(r, 400, "mutability");
            assertThat(scim.get("/Groups/" + groupId).json().path("displayName").asText()).isEqualTo(name(ADMINISTRATOR));
        }
    }

    @Nested
    class RefusedWrites {

        @Test
        void postWithARoleGroupNameIs409Uniqueness() {
            assertScimError(scim.post("/Groups", group(name(ADMINISTRATOR))), 409, "uniqueness");
            assertThat(scim.get("/Groups?count=100").json().path("totalResults").asInt()).isEqualTo(ROLES.size());
        }

        @ParameterizedTest
        @ValueSource(strings = {"Engineers", "CF-00000000000000000000000000000000 - Administrator", "Administrator"})
        void postWithAnyOtherNameIs400(String displayName) {
            assertScimError(scim.post("/Groups", group(displayName)), 400, null);
            assertThat(scim.get("/Groups?count=100").json().path("totalResults").asInt()).isEqualTo(ROLES.size());
        }

        @Test
        void deleteIsRefusedWith400() {
            String groupId = account.roleGroupId(ADMINISTRATOR);
            assertScimError(scim.delete("/Groups/" + groupId), 400, null);
            assertThat(scim.get("/Groups/" + groupId).status()).isEqualTo(200);
        }

        @Test
        void putIsRefusedWith400() {
            String groupId = account.roleGroupId(ADMINISTRATOR);
            String id = scim.createUser("put@example.com");
            assertScimError(scim.put("/Groups/" + groupId, group(name(ADMINISTRATOR), id)), 400, null);
            assertThat(scim.memberIds(groupId)).isEmpty();
        }
    }
}
