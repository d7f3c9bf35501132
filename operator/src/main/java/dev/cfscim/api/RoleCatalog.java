package dev.cfscim.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cloudflare's role names, account-scoped and domain-scoped, as documented (the resource file
 * {@code cloudflare-roles.txt}, Cloudflare's documented role names, one a line). Only account-scoped roles
 * can be provisioned by SCIM. The live account is authoritative: the planner checks against it too;
 * this catalog catches typos before anything is sent.
 *
 * <p>Names are matched exactly, because Cloudflare's role groups are matched by exact string
 * ({@code CF-<accountId> - <Role Name>}); {@link #canonical} finds the spelling for a near miss in case.
 */
public final class RoleCatalog {
    public static final String RESOURCE = "cloudflare-roles.txt";
    public static final String SUPER_ADMINISTRATOR = "Super Administrator - All Privileges";

    private static volatile RoleCatalog standard;

    private final List<String> accountScoped;
    private final List<String> domainScoped;
    private final Set<String> accountSet;
    private final Set<String> domainSet;

    private RoleCatalog(List<String> accountScoped, List<String> domainScoped) {
        this.accountScoped = List.copyOf(accountScoped);
        this.domainScoped = List.copyOf(domainScoped);
        this.accountSet = Set.copyOf(accountScoped);
        this.domainSet = Set.copyOf(domainScoped);
    }

    /** The catalog shipped in the jar; read once. */
    public static RoleCatalog standard() {
        RoleCatalog catalog = standard;
        if (catalog == null) {
            try (InputStream in = RoleCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
                }
                catalog = parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            standard = catalog;
        }
        return catalog;
    }

    /**
     * Reads the format of cloudflare-roles.txt: {@code #} comments, a {@code [account-scoped]} and a
     * {@code [domain-scoped]} section, one role name a line.
     */
    public static RoleCatalog parse(Reader reader) throws IOException {
        List<String> account = new ArrayList<>();
        List<String> domain = new ArrayList<>();
        List<String> section = null;
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            switch (text) {
                case "[account-scoped]" -> section = account;
                case "[domain-scoped]" -> section = domain;
                default -> {
                    if (section == null) {
                        throw new IOException("line " + number + ": role '" + text + "' before any [section]");
                    }
                    section.add(text);
                }
            }
        }
        return new RoleCatalog(account, domain);
    }

    public static RoleCatalog of(List<String> accountScoped, List<String> domainScoped) {
        return new RoleCatalog(accountScoped, domainScoped);
    }

    /** The account-scoped names, in the file's order. */
    public List<String> accountScoped() { return accountScoped; }

    /** The domain-scoped names, in the file's order. */
    public List<String> domainScoped() { return domainScoped; }

    /** Exactly an account-scoped role name. */
    public boolean isAccountScoped(String name) {
        return name != null && accountSet.contains(name);
    }

    /** A domain-scoped role name, ignoring case (so a near miss still gets the domain-scoped message). */
    public boolean isDomainScoped(String name) {
        return name != null && (domainSet.contains(name) || domainScoped.stream().anyMatch(d -> d.equalsIgnoreCase(name)));
    }

    /** The catalog's spelling of {@code name}, matched ignoring case. */
    public Optional<String> canonical(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return java.util.stream.Stream.concat(accountScoped.stream(), domainScoped.stream())
                .filter(known -> known.equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    /**
     * Up to {@code n} account-scoped role names nearest to {@code name}, nearest first; empty when none
     * is near. Only account-scoped names are suggested: they are the ones SCIM can provision.
     *
     * <p>Three measures, the smallest wins: the case-insensitive edit distance (typos); when the
     * role's words are all in the name, the number of extra words ("Domain DNS" is one word from
     * "DNS", "Cache Domain Purge" one from "Cache Purge"), which is how most domain-scoped roles relate
     * to their account-scoped counterpart; and half a step when the name is the role's first words
     * ("Zone Versioning" for "Zone Versioning (Account-Wide)", "Super Administrator" for "Super
     * Administrator - All Privileges"), since people shorten long names. Ties go to the smaller edit
     * distance, then to the file's order.
     */
    public List<String> nearest(String name, int n) {
        if (name == null || name.isBlank() || n <= 0) {
            return List.of();
        }
        String query = name.strip();
        int reach = Math.max(2, query.length() / 3);
        String lowerQuery = query.toLowerCase(Locale.ROOT);
        record Scored(String role, double score, int distance, int order) {}
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < accountScoped.size(); i++) {
            String role = accountScoped.get(i);
            int distance = Spelling.distance(query, role);
            double score = Math.min(distance, extraWords(query, role));
            if (role.toLowerCase(Locale.ROOT).startsWith(lowerQuery + " ")) {
                score = Math.min(score, 0.5);
            }
            if (score <= reach) {
                scored.add(new Scored(role, score, distance, i));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score)
                .thenComparingInt(Scored::distance)
                .thenComparingInt(Scored::order));
        return scored.stream().limit(n).map(Scored::role).toList();
    }

    /** How many more words the name has than the role, when it has all of the role's; else max. */
    private static int extraWords(String name, String role) {
        Set<String> nameWords = words(name);
        Set<String> roleWords = words(role);
        if (roleWords.isEmpty() || !nameWords.containsAll(roleWords)) {
            return Integer.MAX_VALUE;
        }
        return nameWords.size() - roleWords.size();
    }

    private static Set<String> words(String name) {
        Set<String> words = new HashSet<>(Arrays.asList(name.strip().toLowerCase(Locale.ROOT).split("\\s+")));
        words.remove("");
        return words;
    }
}
