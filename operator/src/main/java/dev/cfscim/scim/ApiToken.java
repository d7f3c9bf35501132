package dev.cfscim.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A Cloudflare API token. Its value leaves this object only as an Authorization header: it never
 * appears in toString, logs, exceptions or status. {@link #fingerprint()} names it safely.
 */
public final class ApiToken {

    /** Cloudflare's API tokens are about 40 characters: anything past this is some other value. */
    public static final int MAX_LENGTH = 1024;

    private final String value;
    private final String fingerprint;

    private ApiToken(String value) {
        this.value = value;
        this.fingerprint = sha256(value).substring(0, 12);
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
