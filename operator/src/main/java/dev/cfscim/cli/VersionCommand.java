package dev.cfscim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.controller.BuildInfo;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cfscim version}: as {@code terraform version} and {@code kubectl version} are subcommands,
 * beside {@code --version}; with {@code -json} (or {@code --json}, {@code -o json}) an object a
 * pipeline reads without parsing prose, as {@code terraform version -json} prints.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print cfscim's version and the Java runtime's (as cfscim --version), or as JSON.")
final class VersionCommand extends TerminalCommand {

    @Mixin
    JsonOutput output;

    @Override
    int run(PrintWriter out, PrintWriter err) {
        if (output.on()) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("cfscim_version", BuildInfo.current().version());
            root.put("java_version", Runtime.version().toString());
            root.put("java_vendor", System.getProperty("java.vendor", "unknown vendor"));
            // Terraform's platform spelling: linux_amd64.
            root.put("platform", System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replace(' ', '-')
                    + "_" + arch());
            out.println(root.toPrettyString());
        } else {
            for (String line : new Cfscim.Version().getVersion()) {
                out.println(line);
            }
        }
        out.flush();
        return 0;
    }

    /** Go's names for the architectures, as Terraform and kubectl print them. */
    private static String arch() {
        String arch = System.getProperty("os.arch", "unknown");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
