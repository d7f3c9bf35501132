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
 * @param activeMembers   the keys ({@link DesiredUser#key}) of the account's active members; null
 *                        while the account has not been read (or must be read again)
 * @param confirmedAbsent the keys of the users Cloudflare itself said are not members (see
 *                        {@link RemoteState#confirmedAbsent}); empty while the account has not been read
 */
record LastLook(Set<String> activeMembers, Set<String> confirmedAbsent) {

    /** Before the first reconcile: nothing is known of the account. */
    static final LastLook NOT_YET = new LastLook(null, Set.of());

    /**
     * Whether the user may still be an active member, as far as this look tells: an app that has
     * not read its account yet cannot say it is not.
     */
    boolean mayHaveMember(String userName) {
        return activeMembers == null || activeMembers.contains(DesiredUser.key(userName));
    }

    /**
     * Whether Cloudflare itself said the user is not a member, as this look tells: a lookup found
     * none, or a deprovision was answered so. A listing's silence is not enough to let a departing
     * ScimUser go; an app that has not looked cannot say it either.
     */
    boolean confirmedGone(String userName) {
        String key = DesiredUser.key(userName);
        return activeMembers != null && !activeMembers.contains(key) && confirmedAbsent.contains(key);
    }

    /** The keys under which {@link RemoteState#user} finds an active member. */
    static Set<String> activeMembers(RemoteState remote) {
        return remote.users().stream().map(RemoteUser::userName).filter(Objects::nonNull)
                .filter(userName -> remote.user(userName).map(RemoteUser::active).orElse(false))
                .map(DesiredUser::key).collect(Collectors.toUnmodifiableSet());
    }
}
