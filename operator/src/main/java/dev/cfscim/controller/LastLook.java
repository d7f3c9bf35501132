package dev.cfscim.controller;

import dev.cfscim.plan.DesiredUser;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteUser;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one ScimApp's last reconcile saw of its account, immutable, so that other reconciles and
 * the metrics read it without touching the app's own, changing state.
 *
 * @param activeMembers the keys ({@link DesiredUser#key}) of the account's active members; null
 *                      while the account has not been read (or must be read again)
 * @param drifted       changes were left outstanding (held, failed or not tried)
 * @param blocked       a safety rail held a change
 */
record LastLook(Set<String> activeMembers, boolean drifted, boolean blocked) {

    /** Before the first reconcile: nothing is known of the account. */
    static final LastLook NOT_YET = new LastLook(null, false, false);

    /**
     * Whether the user may still be an active member, as far as this look tells: an app that has
     * not read its account yet cannot say it is not.
     */
    boolean mayHaveMember(String userName) {
        return activeMembers == null || activeMembers.contains(DesiredUser.key(userName));
    }

    /** The keys under which {@link RemoteState#user} finds an active member. */
    static Set<String> activeMembers(RemoteState remote) {
        return remote.users().stream().map(RemoteUser::userName).filter(Objects::nonNull)
                .filter(userName -> remote.user(userName).map(RemoteUser::active).orElse(false))
                .map(DesiredUser::key).collect(Collectors.toUnmodifiableSet());
    }
}
