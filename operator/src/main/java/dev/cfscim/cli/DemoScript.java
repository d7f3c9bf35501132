package dev.cfscim.cli;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.Source;
import dev.cfscim.emulator.EmulatedAccount;
import dev.cfscim.emulator.GroupView;
import dev.cfscim.emulator.MemberView;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The demo's walk through a member's lifecycle, step by step, in either model: what each step does
 * and what it must show. The first six steps are the lifecycle table's rows and the Super
 * Administrator rail; the seventh is the model's own: drift in a user group corrected (today's
 * model), or the same roles moved to user groups (the virtual-groups model's migration).
 */
final class DemoScript {

    /** The Super Administrator who made the token: seeded outside SCIM, as in a real account. */
    static final String OWNER = "owner@example.com";
    static final String MINIMAL = "Minimal Account Access";
    /** The token the emulator takes, put in the Secret the demo creates as install.md says. */
    static final String TOKEN = "cfscim-demo-token";
    /** Short, so that the drift step sees the operator's next scan within seconds. */
    static final String RESYNC_INTERVAL = "2s";

    // The resources of the examples the walk acts on, by name.
    static final String KEPT_USER = "hannah-schmidt";
    static final String ROLE_GROUP = "dns-editors";
    static final String LEAVING_USER = "jonas-berg";
    static final String OWNER_USER = "owner";
    /** The drift step's hand edits: a member out of the ROLE_GROUP, and this group's policy changed to grant HAND_ROLE. */
    static final String POLICY_GROUP = "auditors";
    static final String HAND_ROLE = "Administrator";

    private final DemoModel model;
    private final ResourceSet declared;
    private final ScimApp app;
    private final Path examples;
    private final DemoScene scene;
    private final DemoChecks checks;
    private final DemoCluster cluster;
    private final DemoHandEdits byHand;
    private final String namespace;
    private final String appName;

    DemoScript(DemoModel model, ResourceSet declared, Path examples, DemoScene scene, DemoHandEdits byHand) {
        this.model = model;
        this.declared = declared;
        this.app = declared.apps().get(0);
        this.examples = examples;
        this.scene = scene;
        this.checks = new DemoChecks(scene);
        this.cluster = new DemoCluster(scene.kube(), scene.namespace());
        this.byHand = byHand;
        this.namespace = scene.namespace();
        this.appName = scene.appName();
    }

    List<DemoStep> steps(String endpoint) {
        EmulatedAccount account = scene.account();
        String kept = userName(KEPT_USER);
        String leaving = userName(LEAVING_USER);
        String groupRole = declared.bindingsOf(app).stream()
                .filter(b -> ROLE_GROUP.equals(b.getSpec().getGroupRef()))
                .map(b -> b.getSpec().getRole()).findFirst()
                .orElseThrow(() -> new UserError("no GroupRoleBinding in " + examples + " binds ScimGroup " + ROLE_GROUP));
        String through = model == DemoModel.USER_GROUPS
                ? "user group " + group(ROLE_GROUP).getSpec().getDisplayName() : "ScimGroup " + ROLE_GROUP;

        // What the steps expect, read from the declaration rather than the planner, so that the walk
        // checks the operator against what a reader of the examples would expect.
        Map<String, Set<String>> expectedRoles = expectedRoles();
        int assigned = expectedRoles.size();
        String[] keptMemberId = new String[1];

        List<DemoStep> steps = new ArrayList<>();
        steps.add(new DemoStep(model == DemoModel.USER_GROUPS
                ? "Members added with Minimal Account Access; user groups pushed with their policies"
                : "Member added with Minimal Account Access",
                firstCommands(),
                () -> {
                    cluster.createNamespaces(declared);
                    cluster.createTokenSecret(app.getSpec().getTokenSecretRef(), TOKEN);
                    cluster.apply(declared, endpoint, RESYNC_INTERVAL);
                },
                "all " + assigned + " assigned users are members; " + kept + " holds only " + MINIMAL
                        + ", the others their bound roles" + (model == DemoModel.USER_GROUPS
                        ? "; user groups " + String.join(", ", expectedUserGroups().keySet())
                                + " hold them, each with a policy per bound role" : ""),
                () -> {
                    String problem = checks.provisionedAsDeclared(expectedRoles, kept, MINIMAL);
                    if (problem == null && model == DemoModel.USER_GROUPS) {
                        problem = checks.userGroupsAre(expectedUserGroups());
                    }
                    if (problem == null) {
                        // Step 4 checks that the member kept is this one, not a recreated one.
                        keptMemberId[0] = account.member(kept).orElseThrow().id();
                    }
                    return problem;
                }));
        steps.add(new DemoStep("Role added",
                List.of("kubectl -n " + namespace + " patch scimgroup " + ROLE_GROUP + " --type=json -p '[{\"op\":\"add\","
                        + "\"path\":\"/spec/members/-\",\"value\":\"" + KEPT_USER + "\"}]'"),
                () -> cluster.editGroupMembers(ROLE_GROUP, members -> members.add(KEPT_USER)),
                kept + " holds " + groupRole + " through " + through,
                () -> checks.holdsExactly(kept, Set.of(MINIMAL, groupRole), assigned)));
        steps.add(new DemoStep("Role removed",
                List.of("kubectl -n " + namespace + " edit scimgroup " + ROLE_GROUP + "    # " + KEPT_USER
                        + " taken out of spec.members"),
                () -> cluster.editGroupMembers(ROLE_GROUP, members -> members.remove(KEPT_USER)),
                kept + " no longer holds " + groupRole,
                () -> checks.holdsExactly(kept, Set.of(MINIMAL), assigned)));
        steps.add(new DemoStep("Member kept with no permissions",
                List.of("(nothing to change: " + KEPT_USER + " stays assigned, in no bound group)"),
                () -> { },
                kept + " is still a member (the same one, id unchanged) with " + MINIMAL + " only, and ScimApp "
                        + appName + " is Ready",
                () -> checks.keptAsTheSameMember(kept, KEPT_USER, keptMemberId[0], Set.of(MINIMAL), assigned)));
        steps.add(new DemoStep("Member removed",
                List.of("kubectl -n " + namespace + " patch scimuser " + LEAVING_USER
                        + " --type=merge -p '{\"spec\":{\"active\":false}}'"),
                () -> cluster.mergePatch(ScimUser.class, LEAVING_USER, "{\"spec\":{\"active\":false}}"),
                leaving + " is no longer a member; " + (assigned - 1) + " members remain assigned and provisioned",
                () -> checks.deprovisioned(leaving, assigned - 1)));
        steps.add(new DemoStep("The only Super Administrator's deprovision is blocked",
                List.of("kubectl -n " + namespace + " apply -f owner.yaml    # ScimUser " + OWNER_USER + ": userName "
                        + OWNER + ", active: false"),
                () -> {
                    ScimUser owner = new ScimUser();
                    owner.getMetadata().setName(OWNER_USER);
                    owner.getMetadata().setNamespace(namespace);
                    owner.setSpec(new ScimUserSpec(OWNER, null, null, false));
                    cluster.create(owner);
                },
                "ScimApp " + appName + " reports DeprovisionBlocked=True (" + Conditions.Reason.LAST_SUPER_ADMINISTRATOR
                        + "), so does ScimUser " + OWNER_USER + ", and " + OWNER + " is still a member",
                () -> checks.lastSuperAdministratorKept(OWNER, OWNER_USER),
                () -> List.of("$ kubectl -n " + namespace + " get scimapp " + appName + " -o jsonpath='{.status.conditions"
                        + "[?(@.type==\"" + Conditions.Type.DEPROVISION_BLOCKED + "\")].message}'",
                        DemoScene.condition(scene.app(), Conditions.Type.DEPROVISION_BLOCKED).map(Condition::message)
                                .orElse("(none)"))));
        steps.add(model == DemoModel.USER_GROUPS ? driftCorrected() : movedToUserGroups());
        return steps;
    }

    /** Today's model: a user group's membership and policy changed by hand in Cloudflare, and put back. */
    private DemoStep driftCorrected() {
        ScimGroup memberGroup = group(ROLE_GROUP);
        ScimGroup policyGroup = group(POLICY_GROUP);
        String memberGroupName = memberGroup.getSpec().getDisplayName();
        String policyGroupName = policyGroup.getSpec().getDisplayName();
        String handRemoved = declared.members(memberGroup).stream().map(u -> u.getSpec().getUserName())
                .filter(u -> !u.equals(userName(LEAVING_USER))).findFirst()
                .orElseThrow(() -> new UserError("ScimGroup " + ROLE_GROUP + " in " + examples + " has no member to remove by hand"));
        Map<String, Set<String>> rolesBefore = new TreeMap<>();
        Map<String, DemoScene.UserGroup> groupsBefore = new TreeMap<>();
        Set<String> eventsBefore = new TreeSet<>();
        return new DemoStep("Drift corrected: a user group changed by hand in Cloudflare",
                List.of("(by hand in Cloudflare, outside Git: " + handRemoved + " taken out of user group " + memberGroupName
                        + ", and the policy of user group " + policyGroupName + " changed to grant " + HAND_ROLE + ")"),
                () -> {
                    scene.account().members().stream().filter(MemberView::active)
                            .forEach(m -> rolesBefore.put(m.userName(), new TreeSet<>(m.roles())));
                    groupsBefore.putAll(scene.userGroups());
                    scene.appEvents().forEach(e -> eventsBefore.add(e.getMetadata().getName()));
                    byHand.removeMember(userGroupId(memberGroupName), scene.account().member(handRemoved).orElseThrow().id());
                    byHand.replacePolicy(userGroupId(policyGroupName), policyGroupName, HAND_ROLE);
                },
                "at its next scan (resyncInterval " + RESYNC_INTERVAL + ") the operator put both back: " + handRemoved
                        + " is in " + memberGroupName + " again, " + policyGroupName + " grants "
                        + String.join(", ", roles(POLICY_GROUP)) + " again, and every member holds what it held",
                () -> {
                    String problem = checks.sameAs(rolesBefore, groupsBefore);
                    boolean told = newEvents(eventsBefore).size() > 1; // the header and at least one event
                    return problem != null || told ? problem
                            : "the operator has recorded no event of its corrections on ScimApp " + appName;
                },
                () -> DemoTables.table("kubectl -n " + namespace + " get events --field-selector involvedObject.name="
                        + appName + "    # the newest: the operator's corrections", newEvents(eventsBefore)).stream()
                        .map(String::strip).toList());
    }

    /** The app's events not in {@code before}, as rows of {@code kubectl get events}: TYPE, REASON, MESSAGE. */
    private List<List<String>> newEvents(Set<String> before) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("TYPE", "REASON", "MESSAGE"));
        scene.appEvents().stream().filter(e -> !before.contains(e.getMetadata().getName()))
                .forEach(e -> rows.add(List.of(e.getType(), e.getReason(), e.getMessage())));
        return rows;
    }

    /** The virtual-groups model: the ScimApp's groupMode changed, and every role moved to user groups. */
    private DemoStep movedToUserGroups() {
        Map<String, Set<String>> rolesBefore = new TreeMap<>();
        Set<String> pushedGroups = new TreeSet<>(expectedUserGroups().keySet());
        return new DemoStep("Today's Cloudflare: the same roles, through user groups",
                List.of("kubectl -n " + namespace + " patch scimapp " + appName
                        + " --type=merge -p '{\"spec\":{\"groupMode\":\"UserGroups\"}}'"),
                () -> {
                    scene.account().members().stream().filter(MemberView::active)
                            .forEach(m -> rolesBefore.put(m.userName(), new TreeSet<>(m.roles())));
                    cluster.mergePatch(ScimApp.class, appName, "{\"spec\":{\"groupMode\":\"" + GroupMode.UserGroups + "\"}}");
                },
                "every member keeps its roles, now from user groups " + String.join(", ", pushedGroups)
                        + " and their policies; the CF-" + scene.account().id() + " - <Role> groups hold none of them",
                () -> checks.sameRolesThroughUserGroups(rolesBefore, pushedGroups));
    }

    /** What the first step types: the namespace, the token's Secret as install.md makes it, the examples but their Secret. */
    private List<String> firstCommands() {
        var ref = app.getSpec().getTokenSecretRef();
        Set<String> files = new TreeSet<>();
        declared.all().stream().filter(r -> !(r instanceof Secret))
                .forEach(r -> files.add(declared.sourceOf(r).map(Source::file).orElse(examples.toString())));
        return List.of("kubectl create namespace " + namespace,
                "kubectl -n " + namespace + " create secret generic " + ref.getName() + " --from-literal="
                        + ref.getKey() + "=\"$CLOUDFLARE_API_TOKEN\"    # here the emulator's token, " + TOKEN,
                "kubectl -n " + namespace + " label secret " + ref.getName() + " scim.cfscim.dev/token=true",
                "kubectl apply -f " + String.join(" -f ", files) + "    # ScimApp " + appName
                        + "'s endpoint set to the emulator, resyncInterval to " + RESYNC_INTERVAL);
    }

    /** Per assigned active user, the roles the declaration gives it. */
    private Map<String, Set<String>> expectedRoles() {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (ScimUser user : declared.assignedUsers(app)) {
            if (user.getSpec().isActive()) {
                expected.put(user.getSpec().getUserName(), new LinkedHashSet<>(List.of(MINIMAL)));
            }
        }
        for (GroupRoleBinding binding : declared.bindingsOf(app)) {
            declared.group(namespace, binding.getSpec().getGroupRef()).ifPresent(g -> declared.members(g).stream()
                    .map(u -> expected.get(u.getSpec().getUserName())).filter(Objects::nonNull)
                    .forEach(roles -> roles.add(binding.getSpec().getRole())));
        }
        return expected;
    }

    /** The user groups the declaration pushes: each bound ScimGroup by displayName, its roles and assigned members. */
    private Map<String, DemoScene.UserGroup> expectedUserGroups() {
        Set<String> assigned = expectedRoles().keySet();
        Map<String, DemoScene.UserGroup> groups = new TreeMap<>();
        for (GroupRoleBinding binding : declared.bindingsOf(app)) {
            declared.group(namespace, binding.getSpec().getGroupRef()).ifPresent(g -> groups.put(
                    g.getSpec().getDisplayName(), new DemoScene.UserGroup(roles(g.getMetadata().getName()),
                            declared.members(g).stream().map(u -> u.getSpec().getUserName()).filter(assigned::contains)
                                    .collect(Collectors.toCollection(TreeSet::new)))));
        }
        return groups;
    }

    /** The roles the bindings give ScimGroup {@code name}. */
    private Set<String> roles(String name) {
        return declared.bindingsOf(app).stream().filter(b -> name.equals(b.getSpec().getGroupRef()))
                .map(b -> b.getSpec().getRole()).collect(Collectors.toCollection(TreeSet::new));
    }

    private String userGroupId(String displayName) {
        return scene.account().groups().stream().filter(g -> g.kind().equals("custom") && g.displayName().equals(displayName))
                .map(GroupView::id).findFirst()
                .orElseThrow(() -> new IllegalStateException("no user group " + displayName + " in the account"));
    }

    private String userName(String scimUser) {
        return declared.user(namespace, scimUser).orElseThrow().getSpec().getUserName();
    }

    private ScimGroup group(String name) {
        return declared.group(namespace, name).orElseThrow();
    }
}
