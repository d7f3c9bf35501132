package dev.cfscim.cli;

import dev.cfscim.api.PlaceholderToken;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.api.load.Source;
import dev.cfscim.scim.ApiToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The API token a command uses and where it came from, in the one order every command takes:
 * {@code --token-file}, then {@code $CLOUDFLARE_API_TOKEN}, then the ScimApp's Secret in the files.
 * {@link #tell} says which on standard error, never the value, so that a run with the wrong token
 * is told apart from a wrong account. A Secret still holding the examples' placeholder is refused
 * here, before any request.
 */
record TokenSource(ApiToken token, String origin) {

    static final String ENVIRONMENT = "CLOUDFLARE_API_TOKEN";

    /** "Using the API token from ORIGIN", on {@code err}. */
    void tell(PrintWriter err) {
        err.println("Using the API token from " + origin);
        err.flush();
    }

    /** The token from {@code --token-file}, else {@code $CLOUDFLARE_API_TOKEN}; empty when neither is given. */
    static Optional<TokenSource> outsideFiles(Path tokenFile, Map<String, String> environment) {
        try {
            if (tokenFile != null) {
                return Optional.of(new TokenSource(ApiToken.of(Files.readString(tokenFile, StandardCharsets.UTF_8)),
                        "--token-file " + tokenFile));
            }
            String fromEnvironment = environment.get(ENVIRONMENT);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return Optional.of(new TokenSource(ApiToken.of(fromEnvironment), ENVIRONMENT));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UserError("cannot read the token file " + tokenFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError("the API token is not usable: " + e.getMessage());
        }
    }

    /** The token outside the files, else the one the ScimApp's Secret in {@code resources} holds. Never a flag value. */
    static TokenSource of(Path tokenFile, Map<String, String> environment, ResourceSet resources, ScimApp app) {
        return outsideFiles(tokenFile, environment).orElseGet(() -> fromSecret(resources, app));
    }

    private static TokenSource fromSecret(ResourceSet resources, ScimApp app) {
        TokenSecretRef ref = app.getSpec().getTokenSecretRef();
        String namespace = ResourceSet.namespaceOf(app);
        String key = ref.getKey() == null ? TokenSecretRef.DEFAULT_KEY : ref.getKey();
        String value = resources.tokenOf(app).orElseThrow(() -> new UserError("no API token: set " + ENVIRONMENT
                + ", pass --token-file, or include the Secret " + ref.getName() + " in the files"));
        String file = resources.secret(namespace, ref.getName()).flatMap(resources::sourceOf).map(Source::file)
                .orElse("the files");
        String secret = "Secret " + namespace + "/" + ref.getName() + " key " + key;
        if (PlaceholderToken.is(value)) {
            throw new UserError("the token in " + secret + " (" + file + ") " + PlaceholderToken.PROBLEM
                    + "; nothing was sent. Without a cluster, set " + ENVIRONMENT + " or pass --token-file (either "
                    + "comes before the Secret in the files). For the operator, create the real Secret with "
                    + PlaceholderToken.howToCreate(namespace, ref.getName(), key)
                    + "; and leave secret.yaml out of kubectl apply");
        }
        try {
            return new TokenSource(ApiToken.of(value), file + ": " + secret);
        } catch (IllegalArgumentException e) {
            throw new UserError("the API token is not usable: " + e.getMessage());
        }
    }
}
