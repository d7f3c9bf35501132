package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.emulator.Profile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The examples applied in a bad order for the app's Ready: its bindings reconciled while only one of
 * the three ScimGroups they name exists (MissingReference), then the other groups and the users.
 * Once they exist the app must become Ready, not keep the references it once missed. The order a
 * CI run under load showed once (a reconcile between the bindings' creation and the groups'
 * arrival in the cache), after which the app stayed MissingReference; this order alone passes.
 */
class OperatorLateReferenceTest {

    private final OperatorHarness h = new OperatorHarness().startOperator();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void groupsArrivingAfterTheirBindingsWereReconciledMakeTheAppReady() {
        List<HasMetadata> resources = new ResourceLoader().load(h.cf.profile() == Profile.USER_GROUPS
                ? OperatorHarness.USER_GROUPS_EXAMPLES : OperatorHarness.VIRTUAL_GROUPS_EXAMPLES).resources().all();
        for (HasMetadata resource : resources) {
            if (resource instanceof ScimApp app) {
                app.getSpec().setEndpoint(h.cf.scimBaseUrl());
                app.getSpec().setAllowInsecureEndpoint(true);
                h.kube.resource(app).create();
            }
        }
        resources.stream().filter(GroupRoleBinding.class::isInstance).forEach(b -> h.kube.resource(b).create());
        // One group of three, as CI's reconcile saw them.
        List<HasMetadata> groups = resources.stream().filter(ScimGroup.class::isInstance).toList();
        h.kube.resource(groups.get(0)).create();
        eventually().until(() -> h.app() != null && h.app().getStatus() != null
                && h.app().getStatus().getConditions().stream()
                .anyMatch(c -> c.type().equals("Ready") && "MissingReference".equals(c.reason())));

        groups.subList(1, groups.size()).forEach(g -> h.kube.resource(g).create());
        resources.stream().filter(r -> !(r instanceof ScimApp || r instanceof GroupRoleBinding || r instanceof ScimGroup
                || r instanceof Secret)).forEach(r -> h.kube.resource(r).create());

        h.awaitExamplesConverged();
        assertThat(h.examplesConverged()).isTrue();
    }
}
