package dev.cfscim.controller;

import dev.cfscim.api.ScimUser;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.DesiredUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The desired states a reconcile works toward beside the declared one: for departing users, for the app's deletion. */
final class DesiredStates {

    private DesiredStates() {
    }

    /**
     * Users being deleted are declared inactive: their deletion deprovisions them, unless a live
     * ScimUser declares the same userName (a rename): the declared user is then that one's.
     */
    static DesiredState withDeparting(DesiredState desired, List<ScimUser> departing) {
        if (departing.isEmpty()) {
            return desired;
        }
        Map<String, DesiredUser> users = new LinkedHashMap<>(desired.users());
        for (ScimUser user : departing) {
            DesiredUser d = users.get(DesiredUser.key(user.getSpec().getUserName()));
            if (d != null && d.resource().equals(user.getMetadata().getName())) {
                users.put(d.key(), new DesiredUser(d.userName(), d.givenName(), d.familyName(), d.externalId(), false,
                        d.assigned(), d.resource()));
            }
        }
        return desired.withUsers(users);
    }

    /** A Deprovision app being deleted: none of its users is assigned any more, and it binds no role. */
    static DesiredState everyoneLeaving(DesiredState desired) {
        Map<String, DesiredUser> leaving = new LinkedHashMap<>();
        desired.users().values().forEach(u -> leaving.put(u.key(), new DesiredUser(u.userName(), u.givenName(),
                u.familyName(), u.externalId(), u.active(), false, u.resource())));
        return new DesiredState(desired.accountId(), leaving, Map.of(), List.of(), desired.model(),
                Map.of(), desired.declaredGroupNames());
    }
}
