package dev.cfscim.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cloudflare API token. Its value leaves this object only as an Authorization header: it never
 * appears in toString, logs, exceptions or status. {@link #fingerprint()} names it safely, and
 * {@link #redact} takes it out of whatever a server sends back.
 */
public final class ApiToken {

    /** What takes the place of a credential in a message. */
    public static final String REDACTED = "[redacted]";

    /**
     * {@code Bearer} and the credential after it, whatever its case and however the space between
     * them is written (as is, URL-encoded, JSON-escaped): any token, not only this one.
     */
    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(bearer)(?:\\s|%20|\\+|\\\\u0020)+[^\\s]+");

    /** Cloudflare's API tokens are about 40 characters: anything past this is some other value. */
    public static final int MAX_LENGTH = 1024;

    private final String value;
    private final String fingerprint;
    /** The value in every form a server may echo it in: as is, URL-encoded, JSON- or HTML-escaped. */
    private final Pattern echoed;

    private ApiToken(String value) {
        this.value = value;
        this.fingerprint = sha256(value).substring(0, 12);
        this.echoed = echoes(value);
    }

    /**
     * A token from {@code value}, without the spaces and line ends around it (a file written by
     * {@code echo} ends in one).
     *
     * @throws IllegalArgumentException when {@link #problem} finds one, with its words; never the token
     */
    public static ApiToken of(String value) {
        problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("the API token " + problem);
        });
        return new ApiToken(value.strip());
    }

    /**
     * What makes {@code value} unusable as a token, worded to follow "the token" or "the token in
     * Secret ns/name key k" ({@code has a space or a character a token cannot have at position 17},
     * counted in the value as given, from 1); empty when it is usable. Never repeats the token or
     * any part of it: a message may end up in a status, an event or a log. A token is printable
     * ASCII without spaces, as an HTTP header value carries it, and at most {@value #MAX_LENGTH}
     * characters long.
     */
    public static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("is empty");
        }
        String token = value.strip();
        if (token.length() > MAX_LENGTH) {
            return Optional.of("is " + token.length() + " characters long: a Cloudflare API token has about 40 (at most "
                    + MAX_LENGTH + " are accepted); is it the right value?");
        }
        int before = value.length() - value.stripLeading().length();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.of("has a space or a character a token cannot have at position " + (before + i + 1));
            }
        }
        return Optional.empty();
    }

    String authorizationHeader() {
        return "Bearer " + value;
    }

    /** A short hash that tells tokens apart in logs and metrics without revealing them. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * {@code text} (a server's words, on their way to a message, a status, an event or a log line)
     * without this token in any form a server may echo it in, and without {@code Bearer <credential>}
     * of any credential: each is replaced by {@value #REDACTED}. The one place credentials are
     * scrubbed; text that came from a server goes through it before anyone else reads it.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = echoed.matcher(text).replaceAll(Matcher.quoteReplacement(REDACTED));
        return BEARER.matcher(scrubbed).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
    }

    /**
     * A pattern matching the token with each character in any of its encodings: as is or behind
     * JSON backslashes (a slash or a quote escaped, doubled when escaped twice), as a backslash-u
     * escape, percent-encoded (once or twice, either case of hex), or as an HTML entity. Token
     * characters are printable ASCII ({@link #of}), so these are all the forms there are.
     */
    private static Pattern echoes(String value) {
        StringBuilder pattern = new StringBuilder();
        for (char c : value.toCharArray()) {
            String hex = hexOf(c);
            pattern.append("(?:\\\\*").append(Pattern.quote(String.valueOf(c)))
                    .append("|\\\\+[uU]00").append(hex)
                    .append("|%(?:25)*").append(hex)
                    .append("|&#0*").append((int) c).append(';')
                    .append("|&#[xX]0*").append(hex).append(';');
            String entity = switch (c) {
                case '"' -> "&quot;";
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (entity != null) {
                pattern.append('|').append(entity);
            }
            pattern.append(')');
        }
        return Pattern.compile(pattern.toString());
    }

    /** Two hex digits matching either case: {@code 2[fF]}. */
    private static String hexOf(char c) {
        StringBuilder hex = new StringBuilder();
        for (char digit : String.format(Locale.ROOT, "%02x", (int) c).toCharArray()) {
            hex.append(Character.isLetter(digit) ? "[" + digit + Character.toUpperCase(digit) + "]" : String.valueOf(digit));
        }
        return hex.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ApiToken[sha256:" + fingerprint + "]";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
