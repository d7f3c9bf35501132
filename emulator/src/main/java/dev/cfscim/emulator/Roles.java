package dev.cfscim.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account-scoped roles Cloudflare offers, each backed by a permission group. The names come from
 * Cloudflare's documentation (the bundled cloudflare-roles.txt); the ids are stable hashes, so an
 * emulator restarted with the same account keeps the same ids, as a real account would.
 */
final class Roles {

    static final String MINIMAL = "Minimal Account Access";
    static final String SUPER_ADMINISTRATOR = "Super Administrator - All Privileges";

    private static final Roles INSTANCE = load();

    private final List<String> accountScoped;
    private final Map<String, String> idByName;
    private final Map<String, String> nameById;

    private Roles(List<String> accountScoped) {
        this.accountScoped = List.copyOf(accountScoped);
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (String name : accountScoped) {
            String id = stableId("permission-group:" + name);
            ids.put(name, id);
            names.put(id, name);
        }
        this.idByName = Collections.unmodifiableMap(ids);
        this.nameById = Collections.unmodifiableMap(names);
    }

    static Roles catalog() {
        return INSTANCE;
    }

    List<String> accountScoped() {
        return accountScoped;
    }

    boolean exists(String name) {
        return idByName.containsKey(name);
    }

    String permissionGroupId(String role) {
        return idByName.get(role);
    }

    Optional<String> roleOfPermissionGroup(String id) {
        return Optional.ofNullable(nameById.get(id));
    }

    /** 32 lower-case hex characters derived from the seed, the shape of Cloudflare's ids. */
    static String stableId(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static Roles load() {
        List<String> names = new ArrayList<>();
        try (InputStream in = Roles.class.getResourceAsStream("cloudflare-roles.txt")) {
            if (in == null) {
                throw new IllegalStateException("cloudflare-roles.txt is missing from the emulator's resources");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String section = "";
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.startsWith("[")) {
                    section = trimmed;
                } else if (section.equals("[account-scoped]")) {
                    names.add(trimmed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Roles(names);
    }
}
