package dev.cfscim.cli;

import dev.cfscim.api.GroupMode;
import dev.cfscim.emulator.Profile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Which of Cloudflare's two models the demo walks: today's user groups (the default, examples/ on
 * the emulator's user-groups profile), or the seed's virtual groups and the migration from them
 * (examples/virtual-groups/ on the transition profile, where both models are live).
 */
enum DemoModel {
    USER_GROUPS("user-groups", Path.of("examples"), Profile.USER_GROUPS, GroupMode.UserGroups),
    VIRTUAL_GROUPS("virtual-groups", Path.of("examples", "virtual-groups"), Profile.TRANSITION, GroupMode.VirtualGroups);

    private final String label;
    private final Path examples;
    private final Profile profile;
    private final GroupMode groupMode;

    DemoModel(String label, Path examples, Profile profile, GroupMode groupMode) {
        this.label = label;
        this.examples = examples;
        this.profile = profile;
        this.groupMode = groupMode;
    }

    String label() {
        return label;
    }

    /** The examples of this model, from the repository's root. */
    Path examples() {
        return examples;
    }

    /** The emulator's profile the walk runs on. */
    Profile profile() {
        return profile;
    }

    /** The groupMode the examples must declare. */
    GroupMode groupMode() {
        return groupMode;
    }

    /** {@code --model user-groups|virtual-groups}. */
    static final class Converter implements CommandLine.ITypeConverter<DemoModel> {
        @Override
        public DemoModel convert(String value) {
            return Arrays.stream(values()).filter(m -> m.label.equals(value.toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new CommandLine.TypeConversionException(
                            "'" + value + "': expected user-groups or virtual-groups"));
        }
    }

    /** What shell completion offers for {@code --model}. */
    static final class Labels implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(DemoModel::label).iterator();
        }
    }
}
