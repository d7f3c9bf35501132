package dev.cfscim.emulator;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The members of one account, found by id or by userName (which Cloudflare compares without
 * case), and the global user ids they keep across deprovisioning. Guarded by its account's lock:
 * only {@link AccountState} calls it, holding its monitor.
 */
final class Members {

    private final Map<String, Member> byId = new LinkedHashMap<>();
    private final Map<String, Member> byUserName = new HashMap<>();
    /** Cloudflare's user id is the global user's: it survives deprovisioning, so a re-create reuses it. */
    private final Map<String, String> globalUserIds = new HashMap<>();
    /** Keys of the userNames the unfiltered listing leaves out (see {@link #hideFromListings}). */
    private final Set<String> hiddenFromListings = new HashSet<>();

    /** Forgets every member; the userNames hidden from listings stay hidden, as a test set them. */
    void clear() {
        byId.clear();
        byUserName.clear();
        globalUserIds.clear();
    }

    Collection<Member> all() {
        return byId.values();
    }

    /** The member of this id, or null. */
    Member find(String userId) {
        return byId.get(userId);
    }

    Member get(String userId) {
        Member member = byId.get(userId);
        if (member == null) {
            throw Rejection.notFound("User " + userId);
        }
        return member;
    }

    /** The member of this userName in any case, or null. */
    Member named(String userName) {
        return byUserName.get(key(userName));
    }

    List<Member> list(String userNameFilter) {
        if (userNameFilter != null) {
            Member member = named(userNameFilter);
            return member == null ? List.of() : List.of(member);
        }
        if (hiddenFromListings.isEmpty()) {
            return List.copyOf(byId.values());
        }
        return byId.values().stream().filter(m -> !hiddenFromListings.contains(key(m.userName))).toList();
    }

    /**
     * The unfiltered listing leaves the member of this userName out, its totals agreeing, while a
     * lookup by id or by {@code userName eq} still finds it: a listing a client must not trust.
     */
    void hideFromListings(String userName, boolean hidden) {
        if (hidden) {
            hiddenFromListings.add(key(userName));
        } else {
            hiddenFromListings.remove(key(userName));
        }
    }

    /** Adds a member under the global user id of its userName, or provisions a kept INACTIVE one again. */
    Member admit(String userName, String source, Instant now) {
        String userId = globalUserIds.computeIfAbsent(key(userName), k -> RandomId.next());
        Member member = byId.get(userId);
        if (member != null) {
            // A deprovisioned member kept visible (INACTIVE) is provisioned again in place.
            member.active = true;
            member.lastModified = now;
            return member;
        }
        member = new Member(userId, userName, source, now);
        byId.put(userId, member);
        byUserName.put(key(userName), member);
        return member;
    }

    void rename(Member member, String userName) {
        if (userName.equals(member.userName)) {
            return;
        }
        Member other = named(userName);
        if (other != null && other != member) {
            throw Rejection.uniqueness("a user with userName '" + userName + "' already exists");
        }
        byUserName.remove(key(member.userName));
        member.userName = userName;
        byUserName.put(key(userName), member);
        globalUserIds.put(key(userName), member.id);
    }

    /** Drops a deprovisioned member from the account; its global user id stays for a re-create. */
    void forget(Member member) {
        byId.remove(member.id);
        byUserName.remove(key(member.userName));
    }

    /** The roles given to a member outside SCIM and groups: the dashboard's direct assignments. */
    List<String> directRoles(String userId) {
        Member member = byId.get(userId);
        return member == null ? List.of() : List.copyOf(new TreeSet<>(member.directRoles));
    }

    String userNameOf(String userId) {
        Member member = byId.get(userId);
        return member == null ? null : member.userName;
    }

    private static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
