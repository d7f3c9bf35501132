package dev.cfscim.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.ScimApp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * examples/ (today's model) and examples/virtual-groups/ (the seed's) describe one account: the
 * same people, groups and roles, so that a reader, the demo and the tests meet the same story in
 * either model. They differ in {@code spec.groupMode} only. Nothing else is model-specific here:
 * the one rule only the user-groups model has (a bound group's displayName must not begin with
 * "CF", Cloudflare's reserved prefix) holds for both folders' names alike, which is what lets a
 * migration keep them. Comments differ, and are not compared.
 */
class ExampleModelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResourceSet today = new ResourceLoader().load(ExamplesTest.USER_GROUPS).resources();
    private final ResourceSet seed = new ResourceLoader().load(ExamplesTest.VIRTUAL_GROUPS).resources();

    @Test
    void theFoldersHoldTheSameFiles() throws IOException {
        assertThat(yamlFiles(ExamplesTest.USER_GROUPS)).isNotEmpty().isEqualTo(yamlFiles(ExamplesTest.VIRTUAL_GROUPS));
    }

    @Test
    void theSamePeopleWithTheSameUserNamesNamesAndLabels() {
        assertThat(today.users()).hasSize(5);
        assertThat(byName(today.users())).isEqualTo(byName(seed.users()));
    }

    @Test
    void theSameGroupsWithTheSameMembers() {
        assertThat(byName(today.groups())).isEqualTo(byName(seed.groups()));
        assertThat(members(today)).isEqualTo(members(seed)).hasSize(3);
    }

    @Test
    void theSameRolesThroughTheSameBindings() {
        assertThat(byName(today.bindings())).isEqualTo(byName(seed.bindings())).hasSize(3);
        assertThat(byName(today.secrets())).isEqualTo(byName(seed.secrets()));
    }

    @Test
    void theSameAppExceptItsGroupMode() {
        ScimApp todays = today.apps().get(0);
        ScimApp seeds = seed.apps().get(0);
        assertThat(today.apps()).hasSize(1);
        assertThat(seed.apps()).hasSize(1);
        assertThat(todays.getSpec().getGroupMode()).isEqualTo(GroupMode.UserGroups);
        assertThat(seeds.getSpec().getGroupMode()).isEqualTo(GroupMode.VirtualGroups);

        assertThat(withoutGroupMode(todays)).isEqualTo(withoutGroupMode(seeds));
        assertThat(names(today.assignedUsers(todays))).isEqualTo(names(seed.assignedUsers(seeds))).hasSize(5);
    }

    /** Each resource as its whole YAML says it (metadata with labels, and spec), by namespace/name. */
    private static Map<String, JsonNode> byName(List<? extends HasMetadata> resources) {
        Map<String, JsonNode> byName = new TreeMap<>();
        resources.forEach(r -> byName.put(ResourceSet.namespaceOf(r) + "/" + r.getMetadata().getName(), JSON.valueToTree(r)));
        return byName;
    }

    /** Each group's members as the selector and the lists resolve them: the userNames, sorted. */
    private static Map<String, List<String>> members(ResourceSet set) {
        Map<String, List<String>> members = new TreeMap<>();
        set.groups().forEach(g -> members.put(g.getMetadata().getName(),
                set.members(g).stream().map(u -> u.getSpec().getUserName()).sorted().toList()));
        return members;
    }

    private static JsonNode withoutGroupMode(ScimApp app) {
        ObjectNode tree = JSON.valueToTree(app);
        ((ObjectNode) tree.get("spec")).remove("groupMode");
        return tree;
    }

    private static List<String> names(List<? extends HasMetadata> resources) {
        return resources.stream().map(r -> r.getMetadata().getName()).sorted().toList();
    }

    private static List<String> yamlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml")).sorted()
                    .collect(Collectors.toList());
        }
    }
}
