package dev.cfscim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractStringAssert;
import picocli.CommandLine;

/** One in-process run of {@code cfscim}, as a user's shell would see it: exit code, stdout, stderr. */
record CfscimRun(int exit, String out, String err) {

    static CfscimRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cfscim.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        CfscimRun run = new CfscimRun(exit, out.toString(), err.toString());
        run.conformsToThePlanSchema(args);
        return run;
    }

    /**
     * Asserts the exit code, failing with all the run printed so that the reason shows; then what
     * it printed on standard output, to assert further.
     */
    AbstractStringAssert<?> assertExit(int expected) {
        assertThat(exit).as(out + err).isEqualTo(expected);
        return assertThat(out);
    }

    /**
     * A plan printed as JSON, or saved with -out, must be what docs/plan.schema.json says: checked
     * on every run the tests make, whatever the spelling (--json, -json, -o json) or the test.
     */
    private void conformsToThePlanSchema(String... args) {
        if (args.length == 0 || !args[0].equals("plan")) {
            return;
        }
        if (out.strip().startsWith("{")) {
            PlanSchema.assertValid(out);
        }
        for (int i = 1; i < args.length; i++) {
            String saved = args[i].matches("--?out=.*") ? args[i].substring(args[i].indexOf('=') + 1)
                    : args[i].matches("--?out") && i + 1 < args.length ? args[i + 1] : null;
            if (saved != null && Files.exists(Path.of(saved))) {
                try {
                    PlanSchema.assertValid(new ObjectMapper().readTree(Path.of(saved).toFile()).path("plan").toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
