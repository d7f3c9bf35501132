package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.AppMembership;
import dev.cfscim.api.MembershipState;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.ScimUserStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The store found by name ({@link KeyedCrudDispatcher}) answers as fabric8's scan does: objects of
 * one name in several namespaces and kinds are told apart, and an object's writes, status, labels,
 * finalizers, deletion and re-creation all land on that object alone.
 */
class KeyedCrudDispatcherTest {

    @AutoClose
    private final EmbeddedCluster cluster = EmbeddedCluster.start();
    private final KubernetesClient kube = cluster.client();

    @Test
    void objectsOfOneNameInOtherNamespacesAndKindsAreToldApart() {
        for (String ns : List.of("a", "b")) {
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
            kube.configMaps().inNamespace(ns).resource(configMap(ns, "same", Map.of("from", ns))).create();
            kube.resources(ScimUser.class).inNamespace(ns).resource(user(ns, "same", ns + "@acme.example.com")).create();
        }

        kube.configMaps().inNamespace("b").withName("same").edit(c -> {
            c.getData().put("edited", "yes");
            return c;
        });
        ScimUser b = kube.resources(ScimUser.class).inNamespace("b").withName("same").get();
        b.setStatus(new ScimUserStatus());
        b.getStatus().setApps(List.of(new AppMembership("app", "id-b", MembershipState.Provisioned)));
        kube.resources(ScimUser.class).inNamespace("b").resource(b).patchStatus();

        assertThat(kube.configMaps().inNamespace("a").withName("same").get().getData()).isEqualTo(Map.of("from", "a"));
        assertThat(kube.configMaps().inNamespace("b").withName("same").get().getData())
                .isEqualTo(Map.of("from", "b", "edited", "yes"));
        assertThat(kube.resources(ScimUser.class).inNamespace("a").withName("same").get().getStatus()).isNull();
        assertThat(kube.resources(ScimUser.class).inNamespace("b").withName("same").get().getStatus().getApps())
                .extracting(AppMembership::remoteId).containsExactly("id-b");
        assertThat(kube.resources(ScimUser.class).inAnyNamespace().list().getItems()).hasSize(2);
    }

    @Test
    void aRelabelledObjectIsFoundByItsNewLabelsAndWrittenOnce() {
        kube.configMaps().inNamespace("default").resource(configMap("default", "c", Map.of())).create();
        kube.configMaps().inNamespace("default").withName("c").edit(c -> {
            c.getMetadata().setLabels(Map.of("team", "blue"));
            return c;
        });
        kube.configMaps().inNamespace("default").withName("c").edit(c -> {
            c.getMetadata().setLabels(Map.of("team", "red"));
            c.getData().put("k", "v");
            return c;
        });

        assertThat(kube.configMaps().inNamespace("default").withLabel("team", "red").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("c");
        assertThat(kube.configMaps().inNamespace("default").withLabel("team", "blue").list().getItems()).isEmpty();
        assertThat(kube.configMaps().inNamespace("default").list().getItems()).hasSize(1);
        assertThat(kube.configMaps().inNamespace("default").withName("c").get().getData()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void aFinalizedObjectIsMarkedThenGoneWithItsLastFinalizerAndCanComeBack() {
        ConfigMap withFinalizer = configMap("default", "f", Map.of("v", "1"));
        withFinalizer.getMetadata().setFinalizers(List.of("example.com/hold"));
        kube.configMaps().inNamespace("default").resource(withFinalizer).create();

        kube.configMaps().inNamespace("default").withName("f").delete();
        ConfigMap marked = kube.configMaps().inNamespace("default").withName("f").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();

        kube.configMaps().inNamespace("default").withName("f").edit(c -> {
            c.getMetadata().setFinalizers(List.of());
            return c;
        });
        kube.configMaps().inNamespace("default").withName("f").delete();
        assertThat(kube.configMaps().inNamespace("default").withName("f").get()).isNull();
        Assertions.assertThatThrownBy(() -> kube.configMaps().inNamespace("default").withName("f")
                .edit(c -> c)).isInstanceOf(KubernetesClientException.class);

        kube.configMaps().inNamespace("default").resource(configMap("default", "f", Map.of("v", "2"))).create();
        assertThat(kube.configMaps().inNamespace("default").withName("f").get().getData()).isEqualTo(Map.of("v", "2"));
        Assertions.assertThatThrownBy(() -> kube.configMaps().inNamespace("default")
                        .resource(configMap("default", "f", Map.of("v", "3"))).create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("409");
    }

    private static ConfigMap configMap(String ns, String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withData(new java.util.HashMap<>(data)).build();
    }

    private static ScimUser user(String ns, String name, String userName) {
        ScimUser user = new ScimUser();
        user.getMetadata().setNamespace(ns);
        user.getMetadata().setName(name);
        ScimUserSpec spec = new ScimUserSpec();
        spec.setUserName(userName);
        user.setSpec(spec);
        return user;
    }
}
