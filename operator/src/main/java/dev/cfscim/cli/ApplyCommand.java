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
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cfscim apply}: plan, confirm, and make the changes, printing each as it lands; or, given a
 * plan saved by {@code plan -out}, apply exactly that plan, refusing it when it is stale.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Make Cloudflare match the declaration: plan, ask, apply.",
                "With PLANFILE (from cfscim plan -out): apply exactly that plan, without asking; refused when the "
                        + "declaration or the account changed since."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Applied (or nothing to do); held changes are reported, not failures.",
                "1:An error, a refused confirmation, a stale saved plan, or a change that failed; also an error in "
                        + "the declaration, printed, after the rest was applied."})
final class ApplyCommand extends WorkspaceCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLANFILE",
            description = "A plan saved by cfscim plan -out; its files are read again unless -f is given.")
    Path planFile;

    @Option(names = {"--auto-approve", "-auto-approve"}, description = "Apply without asking.")
    boolean autoApprove;

    /**
     * One JSON object per line as each change is applied, held or fails, then a summary (needs
     * --auto-approve or PLANFILE: there is nobody to ask); --json, -json or -o json.
     */
    @Mixin
    JsonOutput output;

    private SavedPlan saved;

    ApplyCommand() {
        super("apply");
    }

    @Override
    void beforeOpen() {
        if (planFile == null) {
            return;
        }
        saved = SavedPlan.read(planFile);
        if (options.declaration.paths.isEmpty()) {
            saved.paths().forEach(p -> options.declaration.paths.add(Path.of(p)));
        }
        if (options.declaration.app == null) {
            options.declaration.app = saved.app();
        }
    }

    @Override
    int run(Workspace.Target target, Workspace.Planned planned, PrintWriter out, PrintWriter err) throws IOException {
        boolean json = output.on();
        RemoteState remote = planned.remote();
        Plan plan = planned.plan();
        if (saved != null) {
            saved.checkStillCurrent(target, planned);
        } else if (json && !autoApprove) {
            throw new UserError("--json needs --auto-approve or a saved plan: standard output is for the machine, "
                    + "so there is nobody to ask");
        }
        if (!json) {
            out.println("ScimApp " + target.name() + ": account " + plan.accountId());
            PlanRenderer.text(plan, out);
        }
        if (plan.changes().isEmpty()) {
            if (json) {
                out.println(summary(0, plan.held().size(), 0, true, target));
                out.flush();
            }
            return 0;
        }
        if (saved == null && !autoApprove && !confirmed(out)) {
            err.println("Apply cancelled.");
            return 1;
        }
        if (!json) {
            out.println();
        }
        // Made before the first change lands: the roles a change takes are read from the account as scanned.
        PlanJson events = new PlanJson(plan, remote);
        ApplyProgress progress = options.noColor ? ApplyProgress.none(err, plan.changes().size())
                : ApplyProgress.on(err, plan.changes().size());
        Applier.Result result = target.engine().apply(plan, remote, new Applier.Listener() {
            @Override
            public void applied(Change change) {
                progress.clear();
                out.println(json ? events.event("applied", change, null) : PlanRenderer.line(change) + ": done");
                out.flush();
                progress.step();
            }

            @Override
            public void held(HeldChange held) {
                progress.clear();
                out.println(json ? events.event(held) : PlanRenderer.line(held));
                out.flush();
                progress.step();
            }

            @Override
            public void failed(Change change, String message) {
                progress.clear();
                out.println(json ? events.event("failed", change, message)
                        : "  x " + change.summary() + ": failed: " + message);
                out.flush();
                progress.step();
            }
        });
        progress.clear();
        int held = plan.held().size() + result.held().size();
        if (json) {
            out.println(summary(result.applied().size(), held, result.failed().size(), result.complete(), target));
        } else {
            out.println();
            out.println("Apply " + (result.complete() ? "complete" : "incomplete") + ": " + result.applied().size()
                    + " applied, " + held + " held, " + result.failed().size() + " failed; "
                    + target.client().requestsSent() + " requests.");
        }
        out.flush();
        if (result.aborted() != null) {
            err.println("Stopped: " + result.aborted().getMessage());
        }
        return result.complete() ? 0 : 1;
    }

    private static String summary(int applied, int held, int failed, boolean complete, Workspace.Target target) {
        return "{\"type\":\"summary\",\"complete\":" + complete + ",\"applied\":" + applied + ",\"held\":" + held
                + ",\"failed\":" + failed + ",\"requests\":" + target.client().requestsSent() + "}";
    }

    /** Like Terraform: only "yes" goes ahead; with no terminal to ask, refuse rather than guess. */
    private boolean confirmed(PrintWriter out) throws IOException {
        out.print("\nDo you want to apply these changes? Only 'yes' will be accepted: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(Invocation.of(spec).standardInput().get(),
                StandardCharsets.UTF_8)).readLine();
        if (answer == null) {
            throw new UserError("no answer on standard input: pass --auto-approve to apply without asking");
        }
        return answer.strip().equals("yes");
    }
}
