package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The custom resource classes as fabric8 and Kubernetes see them. */
class ResourceModelTest {
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "dev.cfscim.api.ScimApp, scimapps, sapp",
            "dev.cfscim.api.ScimUser, scimusers, suser",
            "dev.cfscim.api.ScimGroup, scimgroups, sgroup",
            "dev.cfscim.api.GroupRoleBinding, grouprolebindings, grb"})
    void namesAndScopeAreThoseTheCrdsDeclare(String className, String plural, String shortName) throws Exception {
        @SuppressWarnings("unchecked")
        Class<? extends CustomResource<?, ?>> type = (Class<? extends CustomResource<?, ?>>) Class.forName(className);
        CustomResource<?, ?> resource = type.getDeclaredConstructor().newInstance();

        assertThat(resource.getCRDName()).isEqualTo(plural + ".scim.cfscim.dev");
        assertThat(resource.getApiVersion()).isEqualTo("scim.cfscim.dev/v1alpha1");
        assertThat(resource.getKind()).isEqualTo(type.getSimpleName());
        assertThat(resource.getScope()).isEqualTo("Namespaced");
        assertThat(CustomResource.getShortNames(type)).containsExactly(shortName);
        // The category is on every CRD, given by CrdFinisher (CrdSchemaTest checks it there), not on each class.
        assertThat(CustomResource.getCategories(type)).isEmpty();
        assertThat(resource.getStatus()).as("no initStatus: JOSDK's patchStatus needs it null").isNull();
    }

    @Test
    void enumsAndDefaultsSerialiseWithTheirCamelCaseNames() throws Exception {
        ScimApp app = new ScimApp();
        app.setMetadata(new ObjectMetaBuilder().withName("acme").withNamespace("cfscim").build());
        ScimAppSpec spec = new ScimAppSpec();
        spec.setAccountId("023e105f4ecef8ad9ca31a8372d0c353");
        spec.setTokenSecretRef(new TokenSecretRef("cf", "token"));
        spec.setUnmanagedUsers(UnmanagedUsersPolicy.Deprovision);
        app.setSpec(spec);

        JsonNode tree = json.readTree(Serialization.asJson(app));

        assertThat(tree.path("apiVersion").asText()).isEqualTo("scim.cfscim.dev/v1alpha1");
        assertThat(tree.path("kind").asText()).isEqualTo("ScimApp");
        JsonNode written = tree.path("spec");
        assertThat(written.path("groupMode").asText()).isEqualTo("UserGroups");
        assertThat(written.path("managementPolicy").asText()).isEqualTo("Manage");
        assertThat(written.path("driftPolicy").asText()).isEqualTo("Correct");
        assertThat(written.path("deletionPolicy").asText()).isEqualTo("Orphan");
        assertThat(written.path("unmanagedUsers").asText()).isEqualTo("Deprovision");
        assertThat(written.path("deprovisionLimit").asInt()).isEqualTo(10);
        // Left out, resyncInterval and requestBudget stay out: the operator applies its own defaults.
        assertThat(written.has("resyncInterval")).isFalse();
        assertThat(written.has("requestBudget")).isFalse();
        assertThat(written.has("endpoint")).as("null fields are left out").isFalse();
    }

    @Test
    void conditionsSerialiseStatusAsAStringAndNothingElse() throws Exception {
        ScimAppStatus status = new ScimAppStatus();
        status.setObservedGeneration(4L);
        status.putCondition(new Condition(Conditions.Type.READY, Condition.TRUE, Conditions.Reason.RECONCILE_SUCCESS.toString(),
                "ok", "2026-11-28T10:00:00Z", 4L));
        status.setAssigned(5);

        JsonNode tree = json.readTree(Serialization.asJson(status));

        JsonNode condition = tree.path("conditions").get(0);
        assertThat(condition.path("status").isTextual()).isTrue();
        assertThat(condition.path("status").asText()).isEqualTo("True");
        assertThat(fieldNames(condition)).containsExactly(
                "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
        assertThat(tree.path("observedGeneration").asLong()).isEqualTo(4);
        assertThat(tree.has("lastPlan")).isFalse();
    }

    @Test
    void aStatusReadBackEqualsTheOneWritten() {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName("alice").build());
        user.setSpec(new ScimUserSpec("alice@example.com", new PersonName("Alice", "Liddell"), null, true));
        ScimUserStatus status = new ScimUserStatus();
        status.putApps(List.of(new AppMembership("zeta", null, MembershipState.Pending),
                new AppMembership("acme", "u-1", MembershipState.Provisioned)));
        status.putCondition(new Condition("Ready", "False", "Pending", null, "2026-11-28T10:00:00Z", 1L));
        user.setStatus(status);

        ScimUser read = Serialization.unmarshal(Serialization.asYaml(user), ScimUser.class);

        assertThat(read.getStatus().getApps()).containsExactly(
                new AppMembership("acme", "u-1", MembershipState.Provisioned),
                new AppMembership("zeta", null, MembershipState.Pending));
        assertThat(read.getStatus().getConditions()).containsExactlyElementsOf(status.getConditions());
        assertThat(read.getSpec().getName().getFamilyName()).isEqualTo("Liddell");
    }

    @Test
    void statusListsAreBounded() {
        ScimGroupStatus group = new ScimGroupStatus();
        group.putUnknownMembers(List.of("g", "f", "e", "d", "c", "b", "a", "a"));
        assertThat(group.getUnknownMembers()).containsExactly("a", "b", "c", "d", "e");
        assertThat(group.getUnknownMemberCount()).isEqualTo(7);

        ScimUserStatus user = new ScimUserStatus();
        user.putApps(java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> new AppMembership("app-%02d".formatted(i), null, MembershipState.Pending)).toList());
        assertThat(user.getApps()).hasSize(ScimUserStatus.MAX_APPS);
    }

    @Test
    void resolvesTheEndpointFromTheAccountId() {
        ScimAppSpec spec = new ScimAppSpec();
        spec.setAccountId("023e105f4ecef8ad9ca31a8372d0c353");
        assertThat(spec.resolvedEndpoint())
                .isEqualTo("https://api.cloudflare.com/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/scim/v2");
        spec.setEndpoint("http://localhost:8080/accounts/{accountId}/scim/v2/");
        assertThat(spec.resolvedEndpoint()).isEqualTo("http://localhost:8080/accounts/023e105f4ecef8ad9ca31a8372d0c353/scim/v2");
        assertThat(spec.resyncPeriod()).hasMinutes(10);
        assertThat(spec.resyncPeriod(java.time.Duration.ofMinutes(3))).hasMinutes(3);
        assertThat(spec.requestBudgetOr(new RequestBudget()).usableRequests()).isEqualTo(1080);
        spec.setResyncInterval("30m");
        assertThat(spec.resyncPeriod(java.time.Duration.ofMinutes(3))).hasMinutes(30);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
