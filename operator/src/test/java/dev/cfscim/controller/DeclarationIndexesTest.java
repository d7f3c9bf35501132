package dev.cfscim.controller;

import static dev.cfscim.plan.DeclarationYaml.app;
import static dev.cfscim.plan.DeclarationYaml.file;
import static dev.cfscim.plan.DeclarationYaml.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.PlanInputs;
import dev.cfscim.plan.PlanProblem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The userName refusals of an app's ScimUsers are worked out again exactly when a ScimUser's
 * declaration changed: a status write (an equal copy) reuses them, a new userName does not.
 */
class DeclarationIndexesTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private final DeclarationIndexes indexes = new DeclarationIndexes();
    private final AtomicInteger judged = new AtomicInteger();

    @Test
    void refusalsAreWorkedOutAgainOnlyWhenAUsersDeclarationChanged() {
        ResourceSet first = new ResourceLoader().loadString(file(
                app("assignments: {users: [ann, paul]}"),
                user("ann", "ann@example.com"),
                user("paul", "p\u0430ul@example.com")), "case.yaml").resources();
        ScimApp app = first.apps().get(0);
        app.getMetadata().setUid("uid-1");

        assertThat(refusals(first, app)).extracting(PlanProblem::subject).containsExactly("p\u0430ul@example.com");
        assertThat(judged).hasValue(1);

        // The operator wrote a status: equal objects, new instances. Nothing is judged again.
        ResourceSet copied = ResourceSet.of(copies(first).toArray(HasMetadata[]::new));
        assertThat(refusals(copied, app)).extracting(PlanProblem::subject).containsExactly("p\u0430ul@example.com");
        assertThat(judged).hasValue(1);

        // Paul's userName is fixed: judged again, and no longer refused.
        List<HasMetadata> fixed = copies(first);
        fixed.stream().filter(r -> r instanceof ScimUser u && u.getMetadata().getName().equals("paul"))
                .forEach(r -> ((ScimUser) r).getSpec().setUserName("paul@example.com"));
        assertThat(refusals(ResourceSet.of(fixed.toArray(HasMetadata[]::new)), app))
                .isEmpty();
        assertThat(judged).hasValue(2);
    }

    private List<PlanProblem> refusals(ResourceSet set, ScimApp app) {
        DesiredState declared = PlanInputs.desiredState(set, app, indexes.of(app));
        Supplier<List<PlanProblem>> work = () -> {
            judged.incrementAndGet();
            return DesiredStates.refusals(set.usersIn("team"), new UserNameVerdicts()::refusal);
        };
        return indexes.refusals(app, declared, work);
    }

    private static List<HasMetadata> copies(ResourceSet set) {
        List<HasMetadata> copies = new ArrayList<>();
        set.all().forEach(r -> copies.add(r instanceof ScimApp ? r : JSON.clone(r)));
        return copies;
    }
}
