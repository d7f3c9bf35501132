package dev.cfscim.cli;

import dev.cfscim.plan.Change;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanProblem;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteUser;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints a plan the way Terraform does, one line per change and a summary; {@link PlanJson} is the plan for machines. */
final class PlanRenderer {

    private PlanRenderer() {
    }

    /**
     * The line above a plan: the app, its account and what the scan found there, counted as the
     * account's model has it (members and role groups; or members, user groups and system groups,
     * with the virtual role groups a migration is leaving), and what reading it cost.
     */
    static String header(String app, RemoteState remote, DesiredState.Model model, long requests) {
        List<String> counts = new ArrayList<>();
        counts.add(count(remote.users().stream().filter(RemoteUser::active).count(), "member"));
        if (model == DesiredState.Model.USER_GROUPS) {
            counts.add(count(remote.customGroups().size(), "user group"));
            counts.add(count(remote.systemGroupCount(), "system group"));
            if (!remote.roleGroups().isEmpty()) {
                counts.add(count(remote.roleGroups().size(), "virtual role group"));
            }
        } else {
            counts.add(count(remote.roleGroups().size(), "role group"));
        }
        return "ScimApp " + app + ": account " + remote.accountId() + ", " + String.join(", ", counts) + " ("
                + count(requests, "request") + " to read)";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static void text(Plan plan, PrintWriter out) {
        if (!plan.changes().isEmpty() || !plan.held().isEmpty()) {
            out.println();
        }
        for (Change change : plan.changes()) {
            out.println(line(change));
        }
        for (HeldChange held : plan.held()) {
            out.println(line(held));
        }
        if (!plan.problems().isEmpty()) {
            out.println();
            for (PlanProblem problem : plan.problems()) {
                out.println("Warning: " + problem.reason() + ": " + problem.subject() + ": " + problem.message());
            }
        }
        out.println();
        out.println(plan.summary());
        out.flush();
    }

    static String line(Change change) {
        return "  " + change.effect().symbol() + " " + change.summary() + "  (" + change.reason() + ")";
    }

    static String line(HeldChange held) {
        return "  ! " + held.change().summary() + "  (held, " + held.reason() + ": " + held.message() + ")";
    }
}
