package dev.cfscim.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * examples/ (today's model, user groups) and examples/virtual-groups/ (the seed's model) are what
 * users copy and what the demo applies: both must stay valid.
 */
class ExamplesTest {
    static final Path USER_GROUPS = Path.of("../examples");
    static final Path VIRTUAL_GROUPS = Path.of("../examples/virtual-groups");

    static Stream<Arguments> folders() {
        return Stream.of(Arguments.of(USER_GROUPS, GroupMode.UserGroups),
                Arguments.of(VIRTUAL_GROUPS, GroupMode.VirtualGroups));
    }

    @ParameterizedTest
    @MethodSource("folders")
    void theExamplesLoadAndValidateWithoutErrorsOrWarnings(Path folder, GroupMode mode) {
        LoadResult loaded = new ResourceLoader().load(folder);
        assertThat(loaded.problems().all()).as(loaded.problems().toString()).isEmpty();

        Problems problems = ResourceValidator.standard().validate(loaded.resources());

        assertThat(problems.all()).as(problems.toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("folders")
    void theExamplesDescribeOneAccountWithThreeRolesAndAMemberWithoutRole(Path folder, GroupMode mode) {
        ResourceSet set = new ResourceLoader().load(folder).resources();

        ScimApp app = set.app("cfscim", "acme-prod").orElseThrow();
        assertThat(app.getSpec().getAccountId()).isEqualTo("023e105f4ecef8ad9ca31a8372d0c353");
        assertThat(app.getSpec().getGroupMode()).isEqualTo(mode);
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
