package dev.cfscim.plan;

import java.util.List;

/**
 * Declarations as a user writes them, one YAML document each, for tests that load them through
 * {@code ResourceLoader} as the CLI does: a ScimApp {@code acme} and what it names, all in the
 * namespace {@code team}.
 */
public final class DeclarationYaml {

    public static final String NAMESPACE = "team";
    public static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    private DeclarationYaml() {
    }

    /** The ScimApp {@code acme}, its token's Secret {@code token}, and {@code spec}'s other lines (YAML, two-space indented inside spec). */
    public static String app(String... specLines) {
        StringBuilder spec = new StringBuilder();
        for (String line : specLines) {
            spec.append(line.indent(2));
        }
        return """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimApp
                metadata: {name: acme, namespace: team}
                spec:
                  accountId: %s
                  tokenSecretRef: {name: token}
                %s""".formatted(ACCOUNT, spec);
    }

    /** A ScimUser; {@code userName} as YAML writes it (quote it where YAML would read it otherwise). */
    public static String user(String name, String userName, String... labels) {
        return """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: %s, namespace: team, labels: {%s}}
                spec: {userName: %s}
                """.formatted(name, String.join(", ", labels), userName);
    }

    public static String group(String name, List<String> members) {
        return """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimGroup
                metadata: {name: %s, namespace: team}
                spec: {displayName: %s, members: [%s]}
                """.formatted(name, name, String.join(", ", members));
    }

    public static String binding(String name, String groupRef, String role) {
        return """
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: GroupRoleBinding
                metadata: {name: %s, namespace: team}
                spec: {appRef: acme, groupRef: %s, role: %s}
                """.formatted(name, groupRef, role);
    }

    /** The documents as one multi-document file. */
    public static String file(String... documents) {
        return String.join("---\n", documents);
    }
}
