package dev.cfscim.controller;

import dev.cfscim.api.AppMembership;
import dev.cfscim.api.MembershipState;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimUser;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reconcile checks beyond the listing, so that no absence is inferred from a listing alone:
 * the ids of members the app's ScimUsers' statuses say it provisioned (a scan looks up by id any the
 * listing leaves out), and the userNames whose absence a deletion waits on (each is looked up once
 * when the account shows no active member of that name).
 *
 * @param app              the ScimApp reconciled
 * @param users            the ScimUsers of its namespace, whose statuses name the members it provisioned
 * @param confirmUserNames userNames to confirm as members or as gone: departing ScimUsers, or
 *                         every user when the app itself is deleted with deletionPolicy Deprovision
 */
record AbsenceChecks(ScimApp app, Collection<ScimUser> users, Set<String> confirmUserNames) {

    AbsenceChecks {
        users = List.copyOf(users);
        confirmUserNames = Set.copyOf(confirmUserNames);
    }

    /** For a reconcile of {@code app}: the departing users' absence is confirmed. */
    static AbsenceChecks of(ScimApp app, Collection<ScimUser> users, Collection<ScimUser> departing) {
        return new AbsenceChecks(app, users, userNames(departing));
    }

    /** For the deletion of {@code app} that deprovisions its members: every user's absence is confirmed. */
    static AbsenceChecks everyone(ScimApp app, Collection<ScimUser> users) {
        return new AbsenceChecks(app, users, userNames(users));
    }

    /**
     * The member ids this app's entries in the ScimUsers' statuses hold, as not deprovisioned; read
     * only when a scan is made, not at every reconcile.
     */
    Set<String> knownIds() {
        String name = app.getMetadata().getName();
        Set<String> ids = new HashSet<>();
        for (ScimUser user : users) {
            List<AppMembership> apps = user.getStatus() == null ? null : user.getStatus().getApps();
            if (apps == null) {
                continue;
            }
            apps.stream().filter(m -> name.equals(m.app()) && m.remoteId() != null
                    && m.state() != MembershipState.Deprovisioned).forEach(m -> ids.add(m.remoteId()));
        }
        return ids;
    }

    private static Set<String> userNames(Collection<ScimUser> users) {
        Set<String> names = new HashSet<>();
        users.stream().filter(u -> u.getSpec() != null && u.getSpec().getUserName() != null)
                .forEach(u -> names.add(u.getSpec().getUserName()));
        return names;
    }
}
