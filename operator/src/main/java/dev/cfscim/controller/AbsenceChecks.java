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
 * @param knownIds         member ids this app's entries in ScimUser statuses hold, as not deprovisioned
 * @param confirmUserNames userNames to confirm as members or as gone: departing ScimUsers, or
 *                         every user when the app itself is deleted with deletionPolicy Deprovision
 */
record AbsenceChecks(Set<String> knownIds, Set<String> confirmUserNames) {

    AbsenceChecks {
        knownIds = Set.copyOf(knownIds);
        confirmUserNames = Set.copyOf(confirmUserNames);
    }

    /** For a reconcile of {@code app}: the ids its ScimUsers' statuses know, and the departing users. */
    static AbsenceChecks of(ScimApp app, Collection<ScimUser> users, Collection<ScimUser> departing) {
        return new AbsenceChecks(knownIds(app, users), userNames(departing));
    }

    /** For the deletion of {@code app} that deprovisions its members: every user's absence is confirmed. */
    static AbsenceChecks everyone(ScimApp app, Collection<ScimUser> users) {
        return new AbsenceChecks(knownIds(app, users), userNames(users));
    }

    private static Set<String> knownIds(ScimApp app, Collection<ScimUser> users) {
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
