package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * -f, -R, --app, --endpoint and --token-file are declared once (DeclarationOptions, ConnectionOptions)
 * and mixed into each command that takes them; doctor and export word some of them for what they
 * mean there, in their resource bundles. A missing or misspelt bundle key would silently fall back
 * to plan's wording: these pin each command's text.
 */
class SharedOptionsTest {

    private static String description(String command, String option) {
        CommandSpec spec = Cfscim.commandLine().getSubcommands().get(command).getCommandSpec();
        return String.join(" ", spec.findOption(option).description());
    }

    /** The class whose field an option fills. */
    private static Class<?> declaredIn(String command, String option) {
        CommandSpec spec = Cfscim.commandLine().getSubcommands().get(command).getCommandSpec();
        return ((Field) spec.findOption(option).userObject()).getDeclaringClass();
    }

    @Test
    void everyCommandThatTakesThemMixesInTheOneDeclaration() {
        for (String command : List.of("plan", "apply", "doctor")) {
            for (String option : List.of("--filename", "--recursive", "--app")) {
                assertThat(declaredIn(command, option)).as(command + " " + option).isEqualTo(DeclarationOptions.class);
            }
        }
        for (String command : List.of("plan", "apply", "doctor", "export")) {
            for (String option : List.of("--endpoint", "--token-file")) {
                assertThat(declaredIn(command, option)).as(command + " " + option).isEqualTo(ConnectionOptions.class);
            }
        }
    }

    @Test
    void planAndApplySayThePlansWording() {
        for (String command : List.of("plan", "apply")) {
            assertThat(description(command, "--endpoint")).isEqualTo("SCIM base URL, overriding the ScimApp's (an emulator, say).");
            assertThat(description(command, "--recursive")).isEqualTo("Read the folders' subfolders too, as kubectl apply -R does.");
        }
    }

    @Test
    void doctorAndExportSayWhatTheOptionsMeanThere() {
        Map<String, String> doctor = Map.of(
                "--filename", "YAML file or folder with the ScimApp (its endpoint, token Secret and groupMode); repeatable. Optional.",
                "--recursive", "Read the folders' subfolders too.",
                "--app", "The ScimApp, as NAME or NAMESPACE/NAME (with -f).",
                "--endpoint", "SCIM base URL (overrides the ScimApp's).",
                "--token-file", "File holding the API token (default: $CLOUDFLARE_API_TOKEN, then the Secret in the files).");
        doctor.forEach((option, text) -> assertThat(description("doctor", option)).as("doctor " + option).isEqualTo(text));
        Map<String, String> export = Map.of(
                "--endpoint", "SCIM base URL (default: Cloudflare's, for --account-id).",
                "--token-file", "File holding the API token (default: $CLOUDFLARE_API_TOKEN). It is never written out.");
        export.forEach((option, text) -> assertThat(description("export", option)).as("export " + option).isEqualTo(text));
    }
}
