package dev.cfscim.api;

import java.util.Locale;

/**
 * The value examples/secret.yaml holds where a Cloudflare API token goes. A Secret that still
 * holds it was applied as copied: it is refused before anything is sent (by the command line when
 * the Secret is the token it would use, by the operator as {@code InvalidCredentials}), with the
 * commands that create the real Secret, rather than sent to Cloudflare for a 401 that says nothing
 * of why.
 */
public final class PlaceholderToken {

    /** As examples/secret.yaml and examples/virtual-groups/secret.yaml write it. */
    public static final String VALUE = "replace-me-with-a-cloudflare-api-token";

    private PlaceholderToken() {
    }

    /** Whether {@code value} is the placeholder (spaces around it and case aside: an edit that kept it). */
    public static boolean is(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals(VALUE);
    }

    /** "is the examples' placeholder, ...": to follow "the token in Secret ns/name key k". */
    public static final String PROBLEM = "is the examples' placeholder, not a Cloudflare API token";

    /**
     * The two commands that make the Secret the operator reads: created from the token (here taken
     * from {@code $CLOUDFLARE_API_TOKEN}, so that it stays out of the shell's history), then
     * labelled {@value TokenSecretRef#LABEL}={@value TokenSecretRef#LABEL_VALUE}.
     */
    public static String howToCreate(String namespace, String name, String key) {
        return "kubectl -n " + namespace + " create secret generic " + name + " --from-literal=" + key
                + "=\"$CLOUDFLARE_API_TOKEN\", then label it for the operator: kubectl -n " + namespace
                + " label secret " + name + " " + TokenSecretRef.LABEL + "=" + TokenSecretRef.LABEL_VALUE;
    }
}
