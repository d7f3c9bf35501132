package dev.cfscim.cli;

import dev.cfscim.api.Condition;
import dev.cfscim.api.Conditions;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppStatus;
import dev.cfscim.api.ScimUser;
import dev.cfscim.emulator.EmulatedAccount;
import dev.cfscim.emulator.MemberView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What each step of the demo must show, in the resources' status and in the account: every check
 * answers null when all is as expected, else what is seen instead, for the step's ✗ line.
 */
final class DemoChecks {

    /** A step takes well under a second; the bound is for a machine busy with other work (CI). */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 100;

    private final DemoScene scene;
    private final EmulatedAccount account;

    DemoChecks(DemoScene scene) {
        this.scene = scene;
        this.account = scene.account();
    }

    // ---- the steps' checks -------------------------------------------------------------------------------

    /**
     * After the examples are applied: the app counts every assigned user, each holds the roles the
     * declaration gives it ({@code firstMember} only {@code minimal}), and every ScimUser and
     * GroupRoleBinding is Ready.
     */
    String provisionedAsDeclared(Map<String, Set<String>> expectedRoles, String firstMember, String minimal) {
        int assigned = expectedRoles.size();
        return firstOf(
                () -> appIs(true, assigned, assigned),
                () -> expectedRoles.entrySet().stream()
                        .map(e -> rolesMismatch(e.getKey(), e.getValue()))
                        .filter(Objects::nonNull).findFirst().orElse(null),
                () -> rolesMismatch(firstMember, Set.of(minimal)),
                () -> allReady(ScimUser.class, "ScimUser"),
                () -> allReady(GroupRoleBinding.class, "GroupRoleBinding"));
    }

    /** {@code userName} holds exactly {@code roles}, and the app is Ready with {@code assigned} provisioned. */
    String holdsExactly(String userName, Set<String> roles, int assigned) {
        return firstOf(() -> rolesMismatch(userName, roles), () -> appIs(true, assigned, assigned));
    }

    /**
     * {@code userName} holds exactly {@code roles} as the same member ({@code memberId}) it was,
     * the app is Ready and so is its ScimUser {@code resourceName}.
     */
    String keptAsTheSameMember(String userName, String resourceName, String memberId, Set<String> roles,
                               int assigned) {
        return firstOf(() -> rolesMismatch(userName, roles),
                () -> account.member(userName).map(MemberView::id).filter(id -> id.equals(memberId))
                        .isPresent() ? null : userName + " was recreated: member id "
                        + account.member(userName).map(MemberView::id).orElse("none") + ", was " + memberId,
                () -> appIs(true, assigned, assigned),
                () -> conditionIs(scene.user(resourceName), "ScimUser " + resourceName, Conditions.Type.READY,
                        Condition.TRUE, null));
    }

    /** {@code userName} is no longer a member, and the app counts {@code remaining} assigned and provisioned. */
    String deprovisioned(String userName, int remaining) {
        return firstOf(() -> isMember(userName) ? userName + " is still a member" : null,
                () -> appIs(null, remaining, remaining));
    }

    /**
     * The deprovision of the only Super Administrator {@code userName} (ScimUser {@code resourceName})
     * is held back: both the app and the ScimUser say so, and the member is still there.
     */
    String lastSuperAdministratorKept(String userName, String resourceName) {
        return firstOf(
                () -> conditionIs(scene.app(), "ScimApp " + scene.appName(), Conditions.Type.DEPROVISION_BLOCKED,
                        Condition.TRUE, Conditions.Reason.LAST_SUPER_ADMINISTRATOR),
                () -> conditionIs(scene.user(resourceName), "ScimUser " + resourceName,
                        Conditions.Type.DEPROVISION_BLOCKED, Condition.TRUE, null),
                () -> isMember(userName) ? null : userName + " is no longer a member");
    }

    /**
     * After the move to user groups: every member holds the roles it held before, no virtual role
     * group has members, and the account's user groups are exactly {@code pushedGroups}.
     */
    String sameRolesThroughUserGroups(Map<String, Set<String>> rolesBefore, Set<String> pushedGroups) {
        return firstOf(
                () -> rolesBefore.entrySet().stream().map(e -> rolesMismatch(e.getKey(), e.getValue()))
                        .filter(Objects::nonNull).findFirst().orElse(null),
                () -> account.groups().stream().filter(g -> g.kind().equals("role") && !g.memberIds().isEmpty())
                        .map(g -> g.displayName() + " still has members").findFirst().orElse(null),
                () -> {
                    Set<String> custom = new TreeSet<>();
                    account.groups().stream().filter(g -> g.kind().equals("custom"))
                            .forEach(g -> custom.add(g.displayName()));
                    return custom.equals(pushedGroups) ? null : "user groups are " + custom;
                });
    }

    /** The account's user groups are exactly {@code expected}: names, what their policies grant, members. */
    String userGroupsAre(Map<String, DemoScene.UserGroup> expected) {
        Map<String, DemoScene.UserGroup> seen = scene.userGroups();
        return seen.equals(expected) ? null : "user groups are " + seen;
    }

    /**
     * Every member holds what it held ({@code rolesBefore}) and the user groups are as they were
     * ({@code groupsBefore}): what a hand edit changed is back.
     */
    String sameAs(Map<String, Set<String>> rolesBefore, Map<String, DemoScene.UserGroup> groupsBefore) {
        return firstOf(
                () -> rolesBefore.entrySet().stream().map(e -> rolesMismatch(e.getKey(), e.getValue()))
                        .filter(Objects::nonNull).findFirst().orElse(null),
                () -> userGroupsAre(groupsBefore));
    }

    /**
     * Polls until nothing differs from what the step expects, or the deadline: the operator works
     * asynchronously, and a blind sleep would be either too short on a slow machine or wasted on a
     * fast one. Returns null when all is as expected, else what was last seen instead.
     */
    static String await(Supplier<String> mismatch) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            String seen;
            try {
                seen = mismatch.get();
            } catch (RuntimeException e) {
                seen = "the state could not be read: " + e;
            }
            if (seen == null || System.nanoTime() > deadline) {
                return seen;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    // ---- what they are made of -----------------------------------------------------------------------------

    @SafeVarargs
    private static String firstOf(Supplier<String>... checks) {
        for (Supplier<String> check : checks) {
            String seen = check.get();
            if (seen != null) {
                return seen;
            }
        }
        return null;
    }

    private boolean isMember(String userName) {
        return account.member(userName).map(MemberView::active).orElse(false);
    }

    /** Null when {@code userName} is a member holding exactly {@code roles}; else what it holds. */
    private String rolesMismatch(String userName, Set<String> roles) {
        if (!isMember(userName)) {
            return userName + " is not a member";
        }
        List<String> held = account.effectiveRoles(userName);
        return new HashSet<>(held).equals(roles) && held.size() == roles.size() ? null
                : userName + " holds " + String.join(", ", held);
    }

    /** Null when the ScimApp's status shows the counts (and Ready, unless null) of a finished reconcile. */
    private String appIs(Boolean ready, int assigned, int provisioned) {
        ScimApp app = scene.app();
        String appName = scene.appName();
        ScimAppStatus status = app == null ? null : app.getStatus();
        if (status == null) {
            return "ScimApp " + appName + " has no status yet";
        }
        if (!Objects.equals(status.getAssigned(), assigned) || !Objects.equals(status.getProvisioned(), provisioned)) {
            return "ScimApp " + appName + " shows " + status.getAssigned() + " assigned, " + status.getProvisioned()
                    + " provisioned";
        }
        if (ready != null) {
            return conditionIs(app, "ScimApp " + appName, Conditions.Type.READY,
                    ready ? Condition.TRUE : Condition.FALSE, null);
        }
        return null;
    }

    /** Null when every resource of {@code kind} is Ready; else the first that is not. */
    private <T extends CustomResource<?, ?>> String allReady(Class<T> kind, String kindName) {
        return scene.list(kind).stream()
                .map(r -> conditionIs(r, kindName + " " + r.getMetadata().getName(), Conditions.Type.READY,
                        Condition.TRUE, null))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Null when {@code resource} has condition {@code type} at {@code status} (and {@code reason}, unless null). */
    private static String conditionIs(HasMetadata resource, String what, String type, String status,
                                      Conditions.Reason reason) {
        if (resource == null) {
            return what + " does not exist";
        }
        Optional<Condition> condition = DemoScene.condition(resource, type);
        if (condition.isEmpty()) {
            return what + " has no " + type + " condition yet";
        }
        Condition c = condition.get();
        if (!status.equals(c.status()) || reason != null && !c.hasReason(reason)) {
            return what + " shows " + type + "=" + c.status() + " (" + c.reason() + ": " + c.message() + ")";
        }
        return null;
    }
}
