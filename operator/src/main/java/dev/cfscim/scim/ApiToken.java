package dev.cfscim.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Cloudflare API token. Its value leaves this object only as an Authorization header: it never
 * appears in toString, logs, exceptions or status. {@link #fingerprint()} names it safely.
 */
public final class ApiToken {

    private final String value;
    private final String fingerprint;

    private ApiToken(String value) {
        this.value = value;
        this.fingerprint = sha256(value).substring(0, 12);
    }

    public static ApiToken of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the API token is empty");
        }
        String trimmed = value.strip();
        if (trimmed.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the API token contains spaces or characters a token cannot have");
        }
        return new ApiToken(trimmed);
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
