package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimUser;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's client reads what the API server sends exactly, holding each repeated value once. */
class SharedStringsTest {

    private static final String LONG_MESSAGE = "x".repeat(SharedStrings.MAX_LENGTH + 1);

    private final KubernetesSerialization shared = SharedStrings.serialization();
    private final KubernetesSerialization plain = new KubernetesSerialization();

    @Test
    void repeatedValuesOfDifferentObjectsAreOneInstance() {
        ScimUser alice = shared.unmarshal(json("alice", "Provisioned"), ScimUser.class);
        ScimUser bob = shared.unmarshal(json("bob", "Provisioned"), ScimUser.class);

        assertThat(alice.getMetadata().getNamespace()).isSameAs(bob.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(alice.getMetadata().getLabels().get("team")).isSameAs(bob.getMetadata().getLabels().get("team"));
        assertThat(alice.getStatus().getConditions().get(0).reason())
                .isSameAs(bob.getStatus().getConditions().get(0).reason()).isEqualTo("Provisioned");
        assertThat(alice.getStatus().getConditions().get(0).lastTransitionTime())
                .isSameAs(bob.getStatus().getConditions().get(0).lastTransitionTime());
        assertThat(alice.getSpec().getUserName()).isEqualTo("alice@example.com");
        assertThat(bob.getSpec().getUserName()).isEqualTo("bob@example.com");
    }

    @Test
    void whatIsReadIsWhatThePlainSerializationReads() {
        for (String json : List.of(json("alice", "Provisioned"), json("bob", "Pending"), json("carol", LONG_MESSAGE))) {
            ScimUser read = shared.unmarshal(json, ScimUser.class);
            assertThat(shared.asJson(read)).isEqualTo(plain.asJson(plain.unmarshal(json, ScimUser.class)));
        }
    }

    @Test
    void longStringsPassThroughAndAreNotKept() {
        ScimUser first = shared.unmarshal(json("alice", LONG_MESSAGE), ScimUser.class);
        ScimUser second = shared.unmarshal(json("bob", LONG_MESSAGE), ScimUser.class);

        assertThat(first.getStatus().getConditions().get(0).reason()).isEqualTo(LONG_MESSAGE)
                .isNotSameAs(second.getStatus().getConditions().get(0).reason());
    }

    @Test
    void aFullTableEmptiesAndValuesStayRight() {
        SharedStrings strings = new SharedStrings();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < SharedStrings.CAPACITY * 3; i++) {
            String value = strings.share(new String("value-" + i));
            seen.add(value);
        }
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo("value-" + i);
        }
        String kept = strings.share(new String("namespace"));
        assertThat(strings.share(new String("namespace"))).isSameAs(kept);
    }

    private static String json(String name, String reason) {
        return """
                {"apiVersion": "scim.cfscim.dev/v1alpha1", "kind": "ScimUser",
                 "metadata": {"name": "%1$s", "namespace": "team-a", "uid": "uid-%1$s", "labels": {"team": "platform"}},
                 "spec": {"userName": "%1$s@example.com"},
                 "status": {"observedGeneration": 1, "conditions": [{"type": "Ready", "status": "True",
                   "reason": "%2$s", "message": "as declared", "lastTransitionTime": "2026-12-08T00:00:00Z"}]}}
                """.formatted(name, reason);
    }
}
