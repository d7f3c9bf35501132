package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceValidator;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.PlanInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The YAML the command-line scenario writes is a declaration cfscim takes without an error, and
 * declares exactly the workload: every user, and each role's members through its group's selector.
 */
class CliDeclarationTest {

    private static final Workload WORKLOAD = Workload.generate(50, 5, 7);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(GroupModel.class)
    void theFilesDeclareTheWorkloadWithoutAProblem(GroupModel model) throws Exception {
        CliDeclaration.write(dir, model, WORKLOAD, OperatorScenario.ACCOUNT,
                "http://127.0.0.1:1/client/v4/accounts/" + OperatorScenario.ACCOUNT + "/scim/v2");

        LoadResult loaded = new ResourceLoader().load(List.of(dir), () -> "");
        var problems = loaded.problems().plus(ResourceValidator.standard().validate(loaded.resources()));

        // The one warning is the budget's, wanted here: the emulator has no limit, and pacing is not measured.
        assertThat(problems.all()).singleElement().satisfies(p -> assertThat(p.toString())
                .startsWith("warning: ").contains("spec.requestBudget: allows 900000.0 requests a second"));
        assertThat(loaded.resources().users()).hasSize(50);
        assertThat(loaded.resources().groups()).hasSize(5);
        assertThat(loaded.resources().bindings()).hasSize(5);
        ScimApp app = loaded.resources().apps().get(0);
        assertThat(app.getSpec().getGroupMode()).isEqualTo(model.groupMode());
        DesiredState desired = PlanInputs.desiredState(loaded.resources(), app);
        assertThat(desired.users()).hasSize(50);
        assertThat(desired.model()).isEqualTo(model.engineModel());
        for (String role : WORKLOAD.roles()) {
            Set<String> keys = new HashSet<>();
            WORKLOAD.members().get(role).forEach(n -> keys.add(DesiredUser.key(n)));
            assertThat(desired.roles().get(role)).as(role).isEqualTo(keys);
        }
        if (model == GroupModel.USER_GROUPS) {
            assertThat(desired.groups()).containsKey(Workload.groupDisplayName("Administrator"));
        }
        assertThat(Files.readString(dir.resolve("app.yaml"))).contains("groupMode: " + model.groupMode())
                .contains("allowInsecureEndpoint: true").contains("requests: 1000000");
    }
}
