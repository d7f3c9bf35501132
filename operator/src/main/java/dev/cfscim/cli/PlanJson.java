package dev.cfscim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.CustomGroup;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanProblem;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteUser;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plan as data, for {@code plan --json}, the saved plan and {@code apply --json}: every change
 * with its resource, the members it adds or removes by userName, the roles it grants or takes away,
 * and, when held, why; the counts as numbers. A policy (docs/policy/plan-policy.jq) reads it without
 * parsing a sentence. Its shape is docs/plan.schema.json, versioned by {@link #FORMAT_VERSION}.
 *
 * <p>The roles a change takes away are read from the account as scanned (a user group's roles, a
 * member's roles when deactivated), so each change's JSON is made once, before anything is applied:
 * the applier updates that state as changes land.
 */
final class PlanJson {

    /** The version of the shape: a reader checks it before reading the rest (2.0: changes as data). */
    static final String FORMAT_VERSION = "2.0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Plan plan;
    private final RemoteState remote;
    private final Map<Change, ObjectNode> changes = new IdentityHashMap<>();

    PlanJson(Plan plan, RemoteState remote) {
        this.plan = plan;
        this.remote = remote;
        plan.changes().forEach(c -> changes.put(c, change(c)));
        plan.held().forEach(h -> changes.put(h.change(), change(h.change())));
    }

    void print(String app, PrintWriter out) {
        try {
            out.println(JSON.writeValueAsString(tree(app)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the plan as JSON", e);
        }
        out.flush();
    }

    /** The plan as {@code plan --json} prints it and a saved plan holds it. */
    ObjectNode tree(String app) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("app", app);
        root.put("accountId", plan.accountId());
        ArrayNode changeList = root.putArray("changes");
        plan.changes().forEach(c -> changeList.add(node(c)));
        ArrayNode held = root.putArray("held");
        plan.held().forEach(h -> held.add(held(h)));
        ArrayNode problems = root.putArray("problems");
        for (PlanProblem p : plan.problems()) {
            problems.addObject().put("reason", p.reason()).put("subject", p.subject()).put("message", p.message());
        }
        // The summary's figures as numbers, so that no reader parses the sentence.
        root.putObject("counts").put("add", count("+")).put("change", count("~")).put("remove", count("-"))
                .put("held", plan.held().size());
        root.put("summary", plan.summary());
        return root;
    }

    /** An int, as Jackson reads a small number back: a saved plan's tree must equal the plan made again. */
    private int count(String symbol) {
        return (int) plan.changes().stream().filter(c -> c.symbol().equals(symbol)).count();
    }

    /**
     * One line of {@code apply --json}: what happened to one change ("applied", "held" or "failed"),
     * written as it happens, so that a pipeline follows a long apply.
     */
    String event(String type, Change change, String message) {
        ObjectNode node = node(change);
        node.put("type", type);
        if (message != null) {
            node.put("message", message);
        }
        return node.toString();
    }

    /** A change Cloudflare refused during the apply, or one the plan held. */
    String event(HeldChange held) {
        ObjectNode node = held(held);
        node.put("type", "held");
        return node.toString();
    }

    private ObjectNode node(Change change) {
        ObjectNode made = changes.get(change);
        return made != null ? made.deepCopy() : change(change);
    }

    private ObjectNode held(HeldChange h) {
        ObjectNode node = node(h.change());
        node.putObject("held").put("reason", h.reason()).put("message", h.message()).put("safetyRail", h.bySafetyRail());
        return node;
    }

    private ObjectNode change(Change change) {
        ObjectNode node = JSON.createObjectNode();
        node.put("action", change.action().label());
        node.put("symbol", change.symbol());
        ObjectNode resource = node.putObject("resource");
        List<String> membersAdded = new ArrayList<>();
        List<String> membersRemoved = new ArrayList<>();
        Set<String> rolesAdded = new TreeSet<>();
        Set<String> rolesRemoved = new TreeSet<>();
        if (change instanceof Change.UserChange user) {
            String id = change instanceof Change.ReactivateUser c ? c.userId()
                    : change instanceof Change.UpdateUser c ? c.userId()
                    : change instanceof Change.DeactivateUser c ? c.userId() : null;
            resource.put("type", "user").put("name", user.userName()).put("id", id);
            node.put("userName", user.userName()).put("userId", id);
            if (change instanceof Change.DeactivateUser) {
                membersRemoved.add(user.userName());
                rolesRemoved.addAll(rolesHeldBy(id));
            } else if (!(change instanceof Change.UpdateUser)) {
                membersAdded.add(user.userName());
            }
            if (change instanceof Change.UpdateUser c) {
                ObjectNode update = node.putObject("update");
                update.put("userName", c.update().userName()).put("givenName", c.update().givenName())
                        .put("familyName", c.update().familyName()).put("externalId", c.update().externalId());
            }
        } else if (change instanceof Change.AddMembers c) {
            resource.put("type", "roleGroup").put("name", c.role()).put("id", c.groupId());
            node.put("role", c.role()).put("groupId", c.groupId());
            c.userNames().forEach(membersAdded::add);
            rolesAdded.add(c.role());
        } else if (change instanceof Change.RemoveMembers c) {
            resource.put("type", "roleGroup").put("name", c.role()).put("id", c.groupId());
            node.put("role", c.role()).put("groupId", c.groupId());
            c.userNames().forEach(membersRemoved::add);
            rolesRemoved.add(c.role());
        } else if (change instanceof Change.GroupChange group) {
            String id = groupId(group);
            resource.put("type", "userGroup").put("name", group.displayName()).put("id", id);
            node.put("group", group.displayName()).put("groupId", id);
            if (change instanceof Change.RenameGroup c) {
                node.put("from", c.from());
            } else if (change instanceof Change.SetGroupRoles c) {
                c.roles().stream().sorted().forEach(node.putArray("roles")::add);
                c.before().stream().sorted().forEach(node.putArray("rolesBefore")::add);
                c.roles().stream().filter(r -> !c.before().contains(r)).forEach(rolesAdded::add);
                c.before().stream().filter(r -> !c.roles().contains(r)).forEach(rolesRemoved::add);
            } else if (change instanceof Change.AddGroupMembers c) {
                c.userNames().forEach(membersAdded::add);
                rolesAdded.addAll(rolesOfGroupAfterPlan(c.displayName(), c.groupId()));
            } else if (change instanceof Change.RemoveGroupMembers c) {
                c.userNames().forEach(membersRemoved::add);
                rolesRemoved.addAll(rolesOfGroup(c.groupId()));
            } else if (change instanceof Change.DeleteGroup c) {
                // A deleted group's members lose what it granted; no separate removal says so.
                membersRemoved.addAll(userNames(remote.customMembers(c.groupId())));
                rolesRemoved.addAll(rolesOfGroup(c.groupId()));
            }
        }
        membersAdded.forEach(node.putArray("membersAdded")::add);
        membersRemoved.forEach(node.putArray("membersRemoved")::add);
        rolesAdded.forEach(node.putArray("rolesAdded")::add);
        rolesRemoved.forEach(node.putArray("rolesRemoved")::add);
        node.put("summary", change.summary());
        node.put("reason", change.reason());
        return node;
    }

    private static String groupId(Change.GroupChange group) {
        if (group instanceof Change.AdoptGroup c) {
            return c.groupId();
        } else if (group instanceof Change.RenameGroup c) {
            return c.groupId();
        } else if (group instanceof Change.SetGroupRoles c) {
            return c.groupId();
        } else if (group instanceof Change.AddGroupMembers c) {
            return c.groupId();
        } else if (group instanceof Change.RemoveGroupMembers c) {
            return c.groupId();
        } else if (group instanceof Change.DeleteGroup c) {
            return c.groupId();
        }
        return null; // CreateGroup: Cloudflare gives the id when it lands.
    }

    /** Every role a member holds now, from any source: what deactivating it takes away. */
    private Set<String> rolesHeldBy(String userId) {
        Set<String> roles = new TreeSet<>();
        if (userId == null) {
            return roles;
        }
        roles.addAll(remote.rolesOf(userId));
        remote.systemMembers().forEach((role, ids) -> {
            if (ids.contains(userId)) {
                roles.add(role);
            }
        });
        for (CustomGroup group : remote.customGroups()) {
            if (remote.customMembers(group.id()).contains(userId)) {
                roles.addAll(group.roles());
            }
        }
        if (!remote.superAdministratorSources(userId).isEmpty()) {
            roles.add(RemoteState.SUPER_ADMINISTRATOR);
        }
        return roles;
    }

    private Set<String> rolesOfGroup(String groupId) {
        return groupId == null ? Set.of() : remote.customGroupById(groupId).map(CustomGroup::roles).orElse(Set.of());
    }

    /** The roles joining a group gives: those this plan sets on it, else those it grants now. */
    private Set<String> rolesOfGroupAfterPlan(String displayName, String groupId) {
        for (Change change : plan.changes()) {
            if (change instanceof Change.SetGroupRoles c && c.displayName().equalsIgnoreCase(displayName)) {
                return c.roles();
            }
        }
        return rolesOfGroup(groupId);
    }

    private List<String> userNames(Collection<String> userIds) {
        return userIds.stream().map(id -> remote.userById(id).map(RemoteUser::userName).orElse(id)).sorted().toList();
    }
}
