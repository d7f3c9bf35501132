package dev.cfscim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Prints a plan the way Terraform does, one line per change and a summary; or as JSON for machines. */
final class PlanRenderer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        return "  " + change.symbol() + " " + change.summary() + "  (" + change.reason() + ")";
    }

    static String line(HeldChange held) {
        return "  ! " + held.change().summary() + "  (held, " + held.reason() + ": " + held.message() + ")";
    }

    /** The version of the JSON plan's shape: a reader checks it before reading the rest. */
    static final String JSON_FORMAT_VERSION = "1.0";

    static void json(Plan plan, String app, PrintWriter out) {
        try {
            out.println(JSON.writeValueAsString(tree(plan, app)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render the plan as JSON", e);
        }
        out.flush();
    }

    /** The plan as {@code plan --json} prints it and a saved plan holds it. */
    static ObjectNode tree(Plan plan, String app) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", JSON_FORMAT_VERSION);
        root.put("app", app);
        root.put("accountId", plan.accountId());
        ArrayNode changes = root.putArray("changes");
        plan.changes().forEach(c -> changes.add(change(c)));
        ArrayNode held = root.putArray("held");
        plan.held().forEach(h -> held.add(held(h)));
        ArrayNode problems = root.putArray("problems");
        for (PlanProblem p : plan.problems()) {
            problems.addObject().put("reason", p.reason()).put("subject", p.subject()).put("message", p.message());
        }
        root.put("summary", plan.summary());
        return root;
    }

    /**
     * One line of {@code apply --json}: what happened to one change ("applied", "held" or "failed"),
     * written as it happens, so that a pipeline follows a long apply.
     */
    static String event(String type, Change change, String message) {
        ObjectNode node = change(change);
        node.put("type", type);
        if (message != null) {
            node.put("message", message);
        }
        return node.toString();
    }

    static String event(HeldChange held) {
        ObjectNode node = held(held);
        node.put("type", "held");
        return node.toString();
    }

    private static ObjectNode held(HeldChange h) {
        ObjectNode node = change(h.change());
        node.put("heldReason", h.reason());
        node.put("message", h.message());
        return node;
    }

    private static ObjectNode change(Change change) {
        ObjectNode node = JSON.createObjectNode();
        node.put("action", change.action().label());
        node.put("symbol", change.symbol());
        node.put("summary", change.summary());
        node.put("reason", change.reason());
        if (change instanceof Change.CreateUser c) {
            node.put("userName", c.user().userName());
        } else if (change instanceof Change.ReactivateUser c) {
            node.put("userName", c.userName()).put("userId", c.userId());
        } else if (change instanceof Change.UpdateUser c) {
            node.put("userName", c.userName()).put("userId", c.userId());
        } else if (change instanceof Change.DeactivateUser c) {
            node.put("userName", c.userName()).put("userId", c.userId());
        } else if (change instanceof Change.AddMembers c) {
            node.put("role", c.role()).put("groupId", c.groupId());
            c.userNames().forEach(node.putArray("userNames")::add);
        } else if (change instanceof Change.RemoveMembers c) {
            node.put("role", c.role()).put("groupId", c.groupId());
            c.userNames().forEach(node.putArray("userNames")::add);
        }
        String group = change.pushedGroup();
        if (group != null) {
            node.put("group", group);
        }
        return node;
    }
}
