package dev.cfscim.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/ is what users copy and what the demo applies: it must stay valid. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("../examples");

    @Test
    void theExamplesLoadAndValidateWithoutErrorsOrWarnings() {
        LoadResult loaded = new ResourceLoader().load(EXAMPLES);
        assertThat(loaded.problems().all()).as(loaded.problems().toString()).isEmpty();

        Problems problems = ResourceValidator.standard().validate(loaded.resources());

        assertThat(problems.all()).as(problems.toString()).isEmpty();
    }

    @Test
    void theExamplesDescribeOneAccountWithThreeRolesAndAMemberWithoutRole() {
        ResourceSet set = new ResourceLoader().load(EXAMPLES).resources();

        ScimApp app = set.app("cfscim", "acme-prod").orElseThrow();
        assertThat(app.getSpec().getAccountId()).isEqualTo("023e105f4ecef8ad9ca31a8372d0c353");
        assertThat(app.getSpec().getGroupMode()).isEqualTo(GroupMode.VirtualGroups);
        assertThat(set.tokenOf(app)).isPresent();
        assertThat(set.bindingsOf(app)).extracting(b -> b.getSpec().getRole())
                .containsExactlyInAnyOrder("Administrator", "Administrator Read Only", "DNS");
        assertThat(set.users()).hasSizeBetween(4, 6);

        List<String> assigned = set.assignedUsers(app).stream().map(u -> u.getMetadata().getName()).toList();
        assertThat(assigned).hasSameSizeAs(set.users());
        List<String> withARole = set.bindingsOf(app).stream()
                .map(GroupRoleBinding::getSpec)
                .flatMap(b -> set.members(set.group("cfscim", b.getGroupRef()).orElseThrow()).stream())
                .map(u -> u.getMetadata().getName())
                .distinct()
                .toList();
        assertThat(assigned).filteredOn(name -> !withARole.contains(name)).containsExactly("hannah-schmidt");
    }
}
