package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.PersonName;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.cli.EmbeddedCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deprovision finalizer is added once, whether the reconcile's cached ScimUser is fresh or stale. */
class FinalizerTest {

    private final EmbeddedCluster cluster = EmbeddedCluster.start();
    private final KubernetesClient kube = cluster.client();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private ScimUser declare(String name, String... finalizers) {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("cfscim").addToFinalizers(finalizers)
                .build());
        user.setSpec(new ScimUserSpec(name + "@example.com", new PersonName("A", "B"), null, true));
        return kube.resource(user).create();
    }

    private ScimUser read(String name) {
        return kube.resources(ScimUser.class).inNamespace("cfscim").withName(name).get();
    }

    @Test
    void aFreshUserGetsItWithoutBeingRead() {
        ScimUser cached = declare("alice");
        int before = cluster.requestCount();

        UserFinalizers.addFinalizer(kube, cached);

        assertThat(cluster.requestCount() - before).as("one patch, no read").isEqualTo(1);
        assertThat(read("alice").getMetadata().getFinalizers()).containsExactly(UserFinalizers.USER_FINALIZER);
    }

    @Test
    void aStaleCachedUserIsReadAndGetsItOnce() {
        ScimUser cached = declare("bob");
        kube.resources(ScimUser.class).inNamespace("cfscim").withName("bob").edit(u -> {
            u.getMetadata().getLabels().put("team", "sre");
            return u;
        });

        UserFinalizers.addFinalizer(kube, cached);

        ScimUser now = read("bob");
        assertThat(now.getMetadata().getFinalizers()).containsExactly(UserFinalizers.USER_FINALIZER);
        assertThat(now.getMetadata().getLabels()).containsEntry("team", "sre");
    }

    @Test
    void aUserWithAnotherFinalizerKeepsIt() {
        ScimUser cached = declare("carol", "example.com/keep");

        UserFinalizers.addFinalizer(kube, cached);

        assertThat(read("carol").getMetadata().getFinalizers())
                .containsExactly("example.com/keep", UserFinalizers.USER_FINALIZER);
    }
}
