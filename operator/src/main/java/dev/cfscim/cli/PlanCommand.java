package dev.cfscim.cli;

import dev.cfscim.plan.Plan;
import dev.cfscim.plan.RemoteState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cfscim plan}: what apply would do, without writing anything. As Terraform's plan: exit 0
 * whenever it planned, changes or none; {@code --detailed-exitcode} tells them apart (2: changes);
 * an error in the declaration, planned around, exits 1 whatever the changes ({@link WorkspaceCommand}).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the changes that would make Cloudflare match the declaration. Writes nothing to Cloudflare.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Planned (with --detailed-exitcode: no changes).",
                "1:An error; also an error in the declaration, printed, the rest planned (it wins over 2).",
                "2:With --detailed-exitcode only: changes are pending (or held back), and no error."})
final class PlanCommand extends WorkspaceCommand {

    /** The plan as JSON (its format_version says which shape), in --json, -json or -o json. */
    @Mixin
    JsonOutput output;

    @Option(names = {"--detailed-exitcode", "-detailed-exitcode"},
            description = "Exit 0 when there are no changes, 2 when there are, 1 on an error (as terraform plan -detailed-exitcode).")
    boolean detailedExitCode;

    @Option(names = {"-out", "--out"}, paramLabel = "FILE",
            description = "(Also -out=FILE.) Save the plan to FILE for cfscim apply FILE, which applies exactly it or refuses it when stale.")
    Path out;

    PlanCommand() {
        super("print");
    }

    @Override
    int run(Workspace.Target target, Workspace.Planned planned, PrintWriter stdout, PrintWriter err) throws IOException {
        RemoteState remote = planned.remote();
        Plan plan = planned.plan();
        if (output.on()) {
            new PlanJson(plan, remote).print(target.name(), stdout);
        } else {
            stdout.println(PlanRenderer.header(target.name(), remote, target.desired().model(),
                    target.client().requestsSent()));
            PlanRenderer.text(plan, stdout);
        }
        if (out != null) {
            SavedPlan.of(target, options.declaration.paths.stream().map(Path::toString).toList(), planned).write(out);
            // On stderr: standard output may be the JSON plan a pipeline reads.
            err.println("Saved the plan to " + out + ". To apply exactly it: cfscim apply " + out);
            err.flush();
        }
        return detailedExitCode && !plan.isEmpty() ? 2 : 0;
    }
}
