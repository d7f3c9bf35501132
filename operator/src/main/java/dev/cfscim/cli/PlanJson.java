package dev.cfscim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.plan.Change;
import dev.cfscim.plan.CustomGroup;
import dev.cfscim.plan.Effect;
import dev.cfscim.plan.HeldChange;
import dev.cfscim.plan.Plan;
import dev.cfscim.plan.PlanProblem;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteUser;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
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
    /** The roles the plan's policy changes give each group, by lower-cased display name. */
    private final Map<String, Set<String>> policiesSet = new HashMap<>();
    /** Set once the plan's own changes are described: a held policy change sets nothing. */
    private boolean planDescribed;

    PlanJson(Plan plan, RemoteState remote) {
        this.plan = plan;
        this.remote = remote;
        plan.changes().forEach(c -> changes.put(c, change(c)));
        planDescribed = true;
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
            problems.addObject().put("reason", p.reason().toString()).put("subject", p.subject()).put("message", p.message());
        }
        // The summary's figures as numbers, so that no reader parses the sentence.
        root.putObject("counts").put("add", plan.count(Effect.ADD)).put("change", plan.count(Effect.CHANGE))
                .put("remove", plan.count(Effect.REMOVE))
                .put("held", plan.held().size());
        root.put("summary", plan.summary());
        return root;
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
        node.putObject("held").put("reason", h.reason().toString()).put("message", h.message()).put("safetyRail", h.bySafetyRail());
        return node;
    }

    private ObjectNode change(Change change) {
        ObjectNode node = JSON.createObjectNode();
        node.put("action", change.action().label());
        node.put("symbol", change.effect().symbol());
        Details details = new Details(node);
        change.accept(details);
        details.membersAdded.forEach(node.putArray("membersAdded")::add);
        details.membersRemoved.forEach(node.putArray("membersRemoved")::add);
        details.rolesAdded.forEach(node.putArray("rolesAdded")::add);
        details.rolesRemoved.forEach(node.putArray("rolesRemoved")::add);
        node.put("summary", change.summary());
        node.put("reason", change.reason());
        return node;
    }

    /** Per kind of change: its resource, and the members and roles it adds or takes away. */
    private final class Details implements Change.Visitor<Void> {
        private final ObjectNode node;
        private final ObjectNode resource;
        private final List<String> membersAdded = new ArrayList<>();
        private final List<String> membersRemoved = new ArrayList<>();
        private final Set<String> rolesAdded = new TreeSet<>();
        private final Set<String> rolesRemoved = new TreeSet<>();

        Details(ObjectNode node) {
            this.node = node;
            this.resource = node.putObject("resource");
        }

        @Override
        public Void createUser(Change.CreateUser c) {
            user(c, null);
            membersAdded.add(c.userName());
            return null;
        }

        @Override
        public Void reactivateUser(Change.ReactivateUser c) {
            user(c, c.userId());
            membersAdded.add(c.userName());
            return null;
        }

        @Override
        public Void updateUser(Change.UpdateUser c) {
            user(c, c.userId());
            node.putObject("update").put("userName", c.update().userName()).put("givenName", c.update().givenName())
                    .put("familyName", c.update().familyName()).put("externalId", c.update().externalId());
            return null;
        }

        @Override
        public Void deactivateUser(Change.DeactivateUser c) {
            user(c, c.userId());
            membersRemoved.add(c.userName());
            rolesRemoved.addAll(rolesHeldBy(c.userId()));
            return null;
        }

        @Override
        public Void addMembers(Change.AddMembers c) {
            roleGroup(c.role(), c.groupId());
            membersAdded.addAll(c.userNames());
            rolesAdded.add(c.role());
            return null;
        }

        @Override
        public Void removeMembers(Change.RemoveMembers c) {
            roleGroup(c.role(), c.groupId());
            membersRemoved.addAll(c.userNames());
            rolesRemoved.add(c.role());
            return null;
        }

        @Override
        public Void createGroup(Change.CreateGroup c) {
            return userGroup(c);
        }

        @Override
        public Void adoptGroup(Change.AdoptGroup c) {
            return userGroup(c);
        }

        @Override
        public Void renameGroup(Change.RenameGroup c) {
            userGroup(c);
            node.put("from", c.from());
            return null;
        }

        @Override
        public Void setGroupRoles(Change.SetGroupRoles c) {
            userGroup(c);
            if (!planDescribed) {
                policiesSet.putIfAbsent(c.displayName().toLowerCase(Locale.ROOT), c.roles());
            }
            c.roles().stream().sorted().forEach(node.putArray("roles")::add);
            c.before().stream().sorted().forEach(node.putArray("rolesBefore")::add);
            c.roles().stream().filter(r -> !c.before().contains(r)).forEach(rolesAdded::add);
            c.before().stream().filter(r -> !c.roles().contains(r)).forEach(rolesRemoved::add);
            return null;
        }

        @Override
        public Void addGroupMembers(Change.AddGroupMembers c) {
            userGroup(c);
            membersAdded.addAll(c.userNames());
            rolesAdded.addAll(rolesOfGroupAfterPlan(c.displayName(), c.groupId()));
            return null;
        }

        @Override
        public Void removeGroupMembers(Change.RemoveGroupMembers c) {
            userGroup(c);
            membersRemoved.addAll(c.userNames());
            rolesRemoved.addAll(rolesOfGroup(c.groupId()));
            return null;
        }

        @Override
        public Void deleteGroup(Change.DeleteGroup c) {
            userGroup(c);
            // A deleted group's members lose what it granted; no separate removal says so.
            membersRemoved.addAll(userNames(remote.customMembers(c.groupId())));
            rolesRemoved.addAll(rolesOfGroup(c.groupId()));
            return null;
        }

        private void user(Change.UserChange c, String id) {
            resource.put("type", "user").put("name", c.userName()).put("id", id);
            node.put("userName", c.userName()).put("userId", id);
        }

        private void roleGroup(String role, String groupId) {
            resource.put("type", "roleGroup").put("name", role).put("id", groupId);
            node.put("role", role).put("groupId", groupId);
        }

        private Void userGroup(Change.GroupChange c) {
            resource.put("type", "userGroup").put("name", c.displayName()).put("id", c.groupId());
            node.put("group", c.displayName()).put("groupId", c.groupId());
            return null;
        }
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

    /**
     * The roles joining a group gives: those this plan sets on it, else those it grants now. The
     * plan sets a group's policy before anyone joins it (PlanOrder), and the constructor describes
     * the plan's changes in order, so a join finds its group's new policy here.
     */
    private Set<String> rolesOfGroupAfterPlan(String displayName, String groupId) {
        Set<String> set = policiesSet.get(displayName.toLowerCase(Locale.ROOT));
        return set != null ? set : rolesOfGroup(groupId);
    }

    private List<String> userNames(Collection<String> userIds) {
        return userIds.stream().map(id -> remote.userById(id).map(RemoteUser::userName).orElse(id)).sorted().toList();
    }
}
