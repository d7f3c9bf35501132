package dev.cfscim.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What every contender is asked to provision: {@code users} userNames and, per role, the users
 * who should hold it. Each user is in 1 to 3 of the role groups, drawn from a seeded random so
 * every contender (and every run) gets the same account.
 */
public record Workload(List<String> users, Map<String, List<String>> members) {

    /** Twenty account-scoped roles, none of them Super Administrator (whose rail is not what we measure). */
    public static final List<String> ROLES = List.of("Administrator", "Administrator Read Only", "Analytics",
            "API Gateway", "Audit Logs Viewer", "Billing", "Cache Purge", "Cloudflare Access", "Cloudflare Gateway",
            "Cloudflare Images", "Cloudflare Stream", "Cloudflare Zero Trust", "DNS", "Firewall", "Load Balancer",
            "Log Share", "Page Shield", "Turnstile", "Waiting Room Admin", "Trust and Safety");

    public Workload {
        users = List.copyOf(users);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        members.forEach((role, names) -> copy.put(role, List.copyOf(names)));
        members = Collections.unmodifiableMap(copy);
    }

    public static Workload generate(int userCount, int groupCount, long seed) {
        if (groupCount > ROLES.size()) {
            throw new IllegalArgumentException("at most " + ROLES.size() + " role groups");
        }
        Random random = new Random(seed);
        List<String> roles = ROLES.subList(0, groupCount);
        List<String> users = new ArrayList<>(userCount);
        Map<String, List<String>> members = new LinkedHashMap<>();
        roles.forEach(r -> members.put(r, new ArrayList<>()));
        for (int i = 0; i < userCount; i++) {
            String userName = String.format("user%05d@example.com", i);
            users.add(userName);
            List<String> shuffled = new ArrayList<>(roles);
            Collections.shuffle(shuffled, random);
            int groups = 1 + random.nextInt(Math.min(3, groupCount));
            for (String role : shuffled.subList(0, groups)) {
                members.get(role).add(userName);
            }
        }
        return new Workload(users, members);
    }

    /**
     * The displayName of the ScimGroup bound to the role, under which the user-groups model pushes
     * it (a role's own name is its system group's, which a push may not take).
     */
    public static String groupDisplayName(String role) {
        return role + " team";
    }

    public List<String> roles() {
        return List.copyOf(members.keySet());
    }

    public long memberships() {
        return members.values().stream().mapToLong(List::size).sum();
    }

    /** One member PATCH per group and batch of 100: what any client must send to fill the groups. */
    public long memberPatchFloor() {
        return members.values().stream().mapToLong(m -> (m.size() + 99) / 100).sum();
    }

}
