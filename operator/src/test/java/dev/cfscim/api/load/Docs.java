package dev.cfscim.api.load;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Small YAML documents for tests: each method writes one, {@link #of} joins them with ---. */
final class Docs {
    static final String NS = "team";
    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    private Docs() {}

    static String of(String... documents) {
        return Stream.of(documents).collect(Collectors.joining("---\n"));
    }

    /** A ScimApp; {@code spec} is the spec's lines at two spaces of indent. */
    static String appWith(String name, String spec) {
        return resource("ScimApp", name, "", spec);
    }

    /** A ScimApp with {@code annotations} (a YAML flow map) and {@code spec}. */
    static String appAnnotated(String name, String annotations, String spec) {
        return resource("ScimApp", name, "  annotations: " + annotations + "\n", spec);
    }

    /** A valid ScimApp assigning {@code users} by name. */
    static String app(String name, String... users) {
        return appWith(name, """
            accountId: %s
            tokenSecretRef: {name: cf-token}
            assignments:
              users: [%s]
            """.formatted(ACCOUNT, String.join(", ", users)));
    }

    static String user(String name, String userName) {
        return user(name, userName, "{}");
    }

    static String user(String name, String userName, String labels) {
        return resource("ScimUser", name, "  labels: " + labels + "\n", "userName: " + userName + "\n");
    }

    static String group(String name, String displayName, String... members) {
        return resource("ScimGroup", name, "", """
            displayName: %s
            members: [%s]
            """.formatted(displayName, String.join(", ", members)));
    }

    /** A ScimGroup of {@code members} by name and of every ScimUser {@code selector} (a YAML flow map) selects. */
    static String groupSelecting(String name, String displayName, String selector, String... members) {
        return resource("ScimGroup", name, "", """
            displayName: %s
            members: [%s]
            memberSelector: %s
            """.formatted(displayName, String.join(", ", members), selector));
    }

    static String binding(String name, String app, String group, String role) {
        return resource("GroupRoleBinding", name, "", """
            appRef: %s
            groupRef: %s
            role: "%s"
            """.formatted(app, group, role));
    }

    /**
     * A scim.cfscim.dev resource in namespace {@link #NS}: {@code metadata} is further metadata lines, already
     * indented; {@code spec} is the spec's lines, which this indents.
     */
    private static String resource(String kind, String name, String metadata, String spec) {
        return """
            apiVersion: scim.cfscim.dev/v1alpha1
            kind: %s
            metadata:
              name: %s
              namespace: %s
            %sspec:
            %s""".formatted(kind, name, NS, metadata, indent(spec));
    }

    static String secret(String name, String body) {
        return """
            apiVersion: v1
            kind: Secret
            metadata:
              name: %s
              namespace: %s
            %s""".formatted(name, NS, body.endsWith("\n") ? body : body + "\n");
    }

    /** A valid set: app acme assigning alice and bob, group sre of both, bound to Administrator. */
    static String validSet() {
        return of(
                app("acme", "alice", "bob"),
                user("alice", "alice@example.com"),
                user("bob", "bob@example.com"),
                group("sre", "SRE", "alice", "bob"),
                binding("sre-admin", "acme", "sre", "Administrator"));
    }

    private static String indent(String lines) {
        return lines.lines().map(l -> "  " + l).collect(Collectors.joining("\n")) + "\n";
    }
}
