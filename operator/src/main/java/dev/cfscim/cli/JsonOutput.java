package dev.cfscim.cli;

import picocli.CommandLine.Option;

/**
 * The switch to JSON, in each spelling a pipeline may already use: {@code --json}, Terraform's
 * {@code -json} and kubectl's {@code -o json}; all three mean the same, so a habit from either
 * tool works. A picocli mixin of {@code plan}, {@code apply} and {@code version}.
 */
final class JsonOutput {

    /** kubectl's {@code -o} takes a format; cfscim writes one besides text, so one is all it accepts. */
    enum Format { json }

    @Option(names = {"--json", "-json"}, description = "Write JSON for machines instead of text (-json as Terraform spells it).")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "kubectl's spelling of --json: -o json (json is the only format).")
    Format output;

    boolean on() {
        return json || output == Format.json;
    }
}
