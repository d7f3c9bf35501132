package dev.cfscim.cli;

import dev.cfscim.plan.Plan;
import dev.cfscim.plan.RemoteState;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cfscim plan}: what apply would do, without writing anything. Exit 0: no changes; 2: changes; 1: error. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the changes that would make Cloudflare match the declaration. Writes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:No changes.", "1:An error.", "2:Changes are pending (or held back)."})
final class PlanCommand extends WorkspaceCommand {

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    int run(Workspace.Target target, Workspace.Planned planned, PrintWriter out, PrintWriter err) {
        RemoteState remote = planned.remote();
        Plan plan = planned.plan();
        if (json) {
            PlanRenderer.json(plan, target.name(), out);
        } else {
            out.println("ScimApp " + target.name() + ": account " + plan.accountId() + ", "
                    + remote.users().stream().filter(u -> u.active()).count() + " members, "
                    + remote.roleGroups().size() + " role groups (" + target.client().requestsSent()
                    + " requests to read)");
            PlanRenderer.text(plan, out);
        }
        return plan.isEmpty() ? 0 : 2;
    }
}
