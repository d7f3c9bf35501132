package dev.cfscim.cli;

import dev.cfscim.plan.Applier;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.RemoteState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cfscim apply}: plan, confirm, and make the changes, printing each as it lands. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Make Cloudflare match the declaration: plan, ask, apply.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Applied (or nothing to do); held changes are reported, not failures.",
                "1:An error, a refused confirmation, or a change that failed."})
final class ApplyCommand extends WorkspaceCommand {

    @Option(names = "--auto-approve", description = "Apply without asking.")
    boolean autoApprove;

    @Override
    int run(Workspace.Target target, Workspace.Planned planned, PrintWriter out, PrintWriter err) throws IOException {
        RemoteState remote = planned.remote();
        Plan plan = planned.plan();
        out.println("ScimApp " + target.name() + ": account " + plan.accountId());
        PlanRenderer.text(plan, out);
        if (plan.changes().isEmpty()) {
            return 0;
        }
        if (!autoApprove && !confirmed(out)) {
            err.println("Apply cancelled.");
            return 1;
        }
        out.println();
        Applier.Result result = target.engine().apply(plan, remote, new Applier.Listener() {
            @Override
            public void applied(Change change) {
                out.println(PlanRenderer.line(change) + ": done");
                out.flush();
            }

            @Override
            public void held(HeldChange held) {
                out.println(PlanRenderer.line(held));
                out.flush();
            }

            @Override
            public void failed(Change change, String message) {
                out.println("  x " + change.summary() + ": failed: " + message);
                out.flush();
            }
        });
        out.println();
        out.println("Apply " + (result.complete() ? "complete" : "incomplete") + ": " + result.applied().size()
                + " applied, " + (plan.held().size() + result.held().size()) + " held, " + result.failed().size()
                + " failed; " + target.client().requestsSent() + " requests.");
        if (result.aborted() != null) {
            err.println("Stopped: " + result.aborted().getMessage());
        }
        return result.complete() ? 0 : 1;
    }

    /** Like Terraform: only "yes" goes ahead; with no terminal to ask, refuse rather than guess. */
    private boolean confirmed(PrintWriter out) throws IOException {
        out.print("\nDo you want to apply these changes? Only 'yes' will be accepted: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null) {
            throw new UserError("no answer on standard input: pass --auto-approve to apply without asking");
        }
        return answer.strip().equals("yes");
    }
}
