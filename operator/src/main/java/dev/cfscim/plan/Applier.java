package dev.cfscim.plan;

import dev.cfscim.api.Conditions.Reason;
import dev.cfscim.scim.CloudflareIam;
import dev.cfscim.scim.NewUser;
import dev.cfscim.scim.RemoteGroup;
import dev.cfscim.scim.RemoteUser;
import dev.cfscim.scim.ScimDirectory;
import dev.cfscim.scim.ScimException;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a plan through the SCIM client, change by change, and keeps the remote state current from
 * its own writes so that the next plan needs no scan. Creates are idempotent (a 409 adopts the
 * user that is already there, so a create retried after a lost answer never duplicates), and
 * Cloudflare's refusal to deprovision, as a silent success or as an error, is reported as held.
 */
public final class Applier {

    /** Told of each change as it lands, is refused, or fails: the CLI prints, the operator records events. */
    public interface Listener {
        default void applied(Change change) {
        }

        default void held(HeldChange held) {
        }

        default void failed(Change change, String message) {
        }

        Listener NONE = new Listener() { };
    }

    /**
     * A change that failed for its own reason (a refused value, a vanished group) while the rest went
     * on; {@code cause} is Cloudflare's answer or the lack of one, null when nothing was sent for it.
     */
    public record Failure(Change change, String message, ScimException cause) {
    }

    /**
     * What an apply did. {@code aborted} is the failure that stopped it (bad credentials, the rate
     * limit, an outage), after which nothing more was attempted; {@code stale} says the remote
     * state proved wrong, and the next reconcile should scan; {@code replanDue} says a create met a
     * member the scan's listing had left out (Cloudflare answered 409): it is in the remote state now,
     * with its groups, and the next plan, made without a scan, must be made soon.
     */
    public record Result(List<Change> applied, List<HeldChange> held, List<Failure> failed, ScimException aborted,
                         boolean stale, boolean replanDue) {

        public boolean complete() {
            return aborted == null && failed.isEmpty();
        }
    }

    private final ScimDirectory client;
    private final CloudflareIam iam;
    private final Owner owner;

    /** An applier whose creates carry {@code owner}'s tag as externalId when the ScimUser declares none. */
    public Applier(ScimDirectory client, CloudflareIam iam, Owner owner) {
        this.client = client;
        this.iam = iam;
        this.owner = owner;
    }

    public Result apply(Plan plan, RemoteState remote, Listener listener) {
        ApplyRecord record = new ApplyRecord(listener);
        Run run = new Run(remote, record);
        for (Change change : plan.changes()) {
            if (!record.mayTakeAway() && !change.grants()) {
                // Never take away while something that was to be given in its place did not land.
                record.fail(change, "not attempted: a grant before it failed; the next run retries both", false);
                continue;
            }
            try {
                Change sent = change.accept(run);
                if (sent != null) {
                    record.applied(sent);
                }
            } catch (ScimException e) {
                if (e.is(ScimException.Kind.INVALID_CREDENTIALS) || e.is(ScimException.Kind.RATE_LIMITED)
                        || e.is(ScimException.Kind.BUDGET_EXHAUSTED) || e.is(ScimException.Kind.TRANSIENT)) {
                    // Nothing after this would fare better: stop, and let the next run resume.
                    record.fail(change, e, true);
                    return record.result(e);
                }
                record.fail(change, e, e.is(ScimException.Kind.NOT_FOUND) || e.is(ScimException.Kind.PERMANENT));
            }
        }
        return record.result(null);
    }

    /** Each kind's write, made against the account and kept in the remote state; the record tells what came of it. */
    private final class Run implements Change.Visitor<Change> {
        private final RemoteState remote;
        private final ApplyRecord record;

        /**
         * Members whose claim (the update that writes this app's tag) failed in this run: they get no
         * grant in it. Untagged, such a member would not leave as a stray if its ScimUser went before
         * its finalizer was written; the next run claims, then grants.
         */
        private final Set<String> unclaimed = new HashSet<>();

        Run(RemoteState remote, ApplyRecord record) {
            this.remote = remote;
            this.record = record;
        }

        // Each kind's write: what was sent (the change, or the part of it naming members that resolved),
        // null when nothing was (a failure or hold was recorded).

        @Override
        public Change createUser(Change.CreateUser create) {
            return create(create, create.user()) ? create : null;
        }

        @Override
        public Change reactivateUser(Change.ReactivateUser reactivate) {
            try {
                remote.putUser(client.setActive(reactivate.userId(), true));
                return reactivate;
            } catch (ScimException e) {
                if (!e.is(ScimException.Kind.NOT_FOUND)) {
                    throw e;
                }
                // Gone since the scan: provision it anew (Cloudflare gives back the same id).
                return create(reactivate, new DesiredUser(reactivate.userName(), null, null, null, true, true, null))
                        ? reactivate : null;
            }
        }

        @Override
        public Change updateUser(Change.UpdateUser update) {
            RemoteUser current = remote.userById(update.userId()).orElseThrow(() -> new ScimException(
                    ScimException.Kind.NOT_FOUND, 0, null, update.userName() + " is not in the account", null, null));
            try {
                remote.putUser(client.updateUser(current, update.update()));
            } catch (ScimException e) {
                if (update.update().externalId() != null) {
                    unclaimed.add(DesiredUser.key(update.userName()));
                }
                throw e;
            }
            return update;
        }

        @Override
        public Change deactivateUser(Change.DeactivateUser deactivate) {
            return deactivate(deactivate) ? deactivate : null;
        }

        @Override
        public Change addMembers(Change.AddMembers add) {
            return sendMembers(add, ids -> client.addMembers(add.groupId(), ids),
                    ids -> remote.addMembers(add.role(), ids),
                    names -> new Change.AddMembers(add.role(), add.groupId(), names, add.reason()));
        }

        @Override
        public Change removeMembers(Change.RemoveMembers remove) {
            return sendMembers(remove, ids -> client.removeMembers(remove.groupId(), ids),
                    ids -> remote.removeMembers(remove.role(), ids),
                    names -> new Change.RemoveMembers(remove.role(), remove.groupId(), names, remove.reason()));
        }

        @Override
        public Change createGroup(Change.CreateGroup create) {
            RemoteGroup group = push(create.displayName());
            remote.putCustomGroup(new CustomGroup(group.id(), group.displayName(), Set.of(), owner.groupTag()));
            return create;
        }

        @Override
        public Change adoptGroup(Change.AdoptGroup adopt) {
            RemoteGroup group = push(adopt.displayName());
            // Adoption keeps the group's id and its policies: what it grants stays what the scan read.
            Set<String> roles = remote.customGroupById(group.id()).map(CustomGroup::roles).orElse(Set.of());
            remote.putCustomGroup(new CustomGroup(group.id(), group.displayName(), roles, owner.groupTag()));
            return adopt;
        }

        @Override
        public Change renameGroup(Change.RenameGroup rename) {
            client.renameGroup(rename.groupId(), rename.displayName());
            CustomGroup group = remote.customGroupById(rename.groupId()).orElseThrow();
            remote.putCustomGroup(group.withDisplayName(rename.displayName()));
            return rename;
        }

        @Override
        public Change setGroupRoles(Change.SetGroupRoles set) {
            if (set.widens() && !record.mayWiden(set.displayName())) {
                record.fail(set, "not attempted: members who must not get the wider policy of group \"" + set.displayName()
                        + "\" are still in it (their removal failed); the next run retries both", false);
                return null;
            }
            String id = groupId(set.groupId(), set.displayName());
            List<String> permissionGroups = set.roles().stream()
                    .map(role -> remote.permissionGroupId(role).orElseThrow())
                    .toList();
            // One read per cached state at most: the first policy write finds the account's resource group.
            String resourceGroup = remote.accountResourceGroup().orElseGet(() -> {
                String found = iam.accountResourceGroup(remote.accountScopeKey());
                remote.setAccountResourceGroup(found);
                return found;
            });
            iam.setPolicies(id, resourceGroup, permissionGroups);
            remote.setCustomGroupRoles(id, set.roles());
            return set;
        }

        @Override
        public Change addGroupMembers(Change.AddGroupMembers add) {
            if (!record.mayJoin(add.displayName())) {
                record.fail(add, "not attempted: group \"" + add.displayName() + "\" does not grant its roles yet (its "
                        + "push or policy failed); the next run retries both", false);
                return null;
            }
            String id = groupId(add.groupId(), add.displayName());
            return sendMembers(add, ids -> client.addMembers(id, ids), ids -> remote.addCustomMembers(id, ids),
                    names -> new Change.AddGroupMembers(add.groupId(), add.displayName(), names, add.reason()));
        }

        @Override
        public Change removeGroupMembers(Change.RemoveGroupMembers remove) {
            return sendMembers(remove, ids -> client.removeMembers(remove.groupId(), ids),
                    ids -> remote.removeCustomMembers(remove.groupId(), ids),
                    names -> new Change.RemoveGroupMembers(remove.groupId(), remove.displayName(), names,
                            remove.reason()));
        }

        @Override
        public Change deleteGroup(Change.DeleteGroup delete) {
            try {
                client.deleteGroup(delete.groupId());
            } catch (ScimException e) {
                if (!e.is(ScimException.Kind.NOT_FOUND)) {
                    throw e;
                }
            }
            remote.removeCustomGroup(delete.groupId());
            return delete;
        }

        /**
         * Sends the change's members that are in the account through {@code write} (an addition to or
         * a removal from a role group or a pushed one), then keeps the state current through
         * {@code record}; what was sent (naming only the members that resolved), or null when none
         * did, and then nothing is sent.
         */
        private Change sendMembers(Change change, Consumer<List<String>> write, Consumer<List<String>> record,
                                   Function<List<String>, Change> narrowed) {
            Map<String, String> resolved = resolve(change, change.userNames());
            if (resolved.isEmpty()) {
                return null;
            }
            List<String> ids = List.copyOf(resolved.values());
            write.accept(ids);
            record.accept(ids);
            return resolved.size() == change.userNames().size() ? change
                    : narrowed.apply(List.copyOf(resolved.keySet()));
        }

        /** A group's id: given, or (for a group this plan created) found by its name in the state. */
        private String groupId(String id, String displayName) {
            return id != null ? id : remote.customGroup(displayName).map(CustomGroup::id)
                    .orElseThrow(() -> new ScimException(ScimException.Kind.NOT_FOUND, 0, null,
                            "group \"" + displayName + "\" was not created", null, null));
        }

        /**
         * Pushes a group by name under this owner's tag. Cloudflare adopts a user group of that name
         * and answers it; a stricter server says 409, and the group is looked up (pushed before an
         * answer was lost, or made by hand). Either way a group not marked as this owner's is claimed.
         * The planner never pushes a name another app's group holds, so no claim takes one from it.
         */
        private RemoteGroup push(String displayName) {
            RemoteGroup group = ScimException.recovering(ScimException.Kind.UNIQUENESS,
                    () -> client.createGroup(displayName, owner.groupTag()),
                    e -> client.findGroup(displayName).orElseThrow(() -> e));
            if (!owner.groupTag().equals(group.externalId())) {
                client.claimGroup(group.id(), owner.groupTag());
            }
            return group;
        }

        /**
         * Creates the user, and tells whether it is a member now. A 409 says the scan's listing left
         * out a member of that userName (it was short, or the member arrived since): the member is
         * read (one lookup), kept with its groups in the remote state, and the next plan weighs it.
         * Another app's member is never adopted: the create is held as {@code OwnedElsewhere}. Any
         * other member is adopted, provisioned again when it was deprovisioned.
         */
        private boolean create(Change change, DesiredUser user) {
            RemoteUser created;
            try {
                created = client.createUser(new NewUser(user.userName(), user.givenName(), user.familyName(),
                        owner.externalIdFor(user)));
            } catch (ScimException e) {
                if (!e.is(ScimException.Kind.UNIQUENESS)) {
                    throw e;
                }
                RemoteUser existing = client.findUser(user.userName()).orElseThrow(() -> e);
                record.replanDue();
                remote.foundBeyondListing(existing);
                if (owner.ownedByAnotherApp(existing)) {
                    record.hold(change, Reason.OWNED_ELSEWHERE, user.userName() + " is already a member of the account, "
                            + "provisioned by ScimApp " + Owner.appOf(existing.externalId()) + ": this app leaves it "
                            + "alone");
                    return false;
                }
                if (existing.active()) {
                    return true;
                }
                created = client.setActive(existing.id(), true);
            }
            remote.putScanned(created);
            return true;
        }

        /**
         * Deprovisions, and tells whether Cloudflare really did: for the only Super Administrator
         * it answers success with the member still active, or an error. Either is a hold.
         */
        private boolean deactivate(Change.DeactivateUser change) {
            RemoteUser after;
            try {
                after = client.setActive(change.userId(), false);
            } catch (ScimException e) {
                if (e.is(ScimException.Kind.NOT_FOUND)) {
                    remote.deprovisioned(change.userId());
                    return true;
                }
                if (!e.is(ScimException.Kind.PERMANENT)) {
                    throw e;
                }
                refused(change, "Cloudflare refused to deprovision " + change.userName() + ": " + e.getMessage());
                return false;
            }
            if (after.active()) {
                remote.putUser(after);
                refused(change, "Cloudflare answered success but kept " + change.userName()
                        + " active: it never deprovisions an account's only Super Administrator");
                return false;
            }
            remote.deprovisioned(change.userId());
            return true;
        }

        private void refused(Change change, String message) {
            record.hold(change, Reason.LAST_SUPER_ADMINISTRATOR, message);
        }

        /**
         * The named members' ids, by userName in the change's order; one that is not (or no longer)
         * a member is a failure of its own.
         */
        private Map<String, String> resolve(Change change, List<String> userNames) {
            Map<String, String> ids = new LinkedHashMap<>();
            for (String name : userNames) {
                Optional<RemoteUser> user = remote.user(name).filter(RemoteUser::active);
                if (change.grants() && unclaimed.contains(DesiredUser.key(name))) {
                    record.failMember(change, name + " was not claimed (its update failed): nothing is given to it "
                            + "until it carries this app's tag; the next run retries both");
                } else if (user.isPresent()) {
                    ids.put(name, user.get().id());
                } else {
                    record.failMember(change, name + " is not a member of the account");
                }
            }
            return ids;
        }
    }
}
