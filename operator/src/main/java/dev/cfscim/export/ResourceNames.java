package dev.cfscim.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Kubernetes names for exported resources: DNS-1123 labels (lower-case letters, digits and '-', at
 * most 63 characters) derived from userNames and group names, with collisions resolved the same
 * way on every run.
 */
public final class ResourceNames {

    static final int MAX_LENGTH = 63;
    /** '-' and six hex digits of the source's hash. */
    private static final int SUFFIX_LENGTH = 7;

    private ResourceNames() {
    }

    /**
     * Names for {@code sources}, taken in the order given (callers sort them): each gets the slug
     * {@code base} makes of it; a source whose slug an earlier one took gets the slug and six hex
     * digits of its own hash, so that its name does not depend on who else is in the account.
     */
    public static Map<String, String> assign(List<String> sources, Function<String, String> base) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String source : sources) {
            String name = base.apply(source);
            if (taken.contains(name)) {
                String stem = trim(name, MAX_LENGTH - SUFFIX_LENGTH) + "-" + hash(source);
                name = stem;
                for (int n = 2; taken.contains(name); n++) {
                    String counter = "-" + n;
                    name = trim(stem, MAX_LENGTH - counter.length()) + counter;
                }
            }
            taken.add(name);
            names.put(source, name);
        }
        return names;
    }

    /** {@code text} as a DNS-1123 label: runs of anything else become one '-'; {@code fallback} when nothing is left. */
    public static String slug(String text, String fallback) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = trim(slug, MAX_LENGTH);
        return slug.isEmpty() ? fallback : slug;
    }

    /** The slug of a userName's local part ({@code priya.raman@acme.example} is {@code priya-raman}). */
    public static String ofUserName(String userName) {
        int at = userName.indexOf('@');
        return slug(at > 0 ? userName.substring(0, at) : userName, "user");
    }

    /** At most {@code length} characters, never beginning or ending with '-'. */
    private static String trim(String slug, int length) {
        String cut = slug.length() > length ? slug.substring(0, length) : slug;
        return cut.replaceAll("^-+", "").replaceAll("-+$", "");
    }

    private static String hash(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, SUFFIX_LENGTH - 1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
