package dev.cfscim.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --endpoint} and {@code --token-file}: where a command reaches the SCIM API and with which
 * token, as a picocli mixin ({@code plan}, {@code apply}, {@code doctor}, {@code export}). The
 * descriptions are {@code plan}'s; {@code doctor} and {@code export}, whose defaults differ, give
 * their own in their resource bundles under {@code endpoint} and {@code token-file}.
 */
final class ConnectionOptions {

    @Option(names = "--endpoint", paramLabel = "URL", description = "SCIM base URL, overriding the ScimApp's (an emulator, say).")
    String endpoint;

    @Option(names = "--token-file", paramLabel = "PATH", description = "File holding the API token (default: $CLOUDFLARE_API_TOKEN, then the Secret in the files).")
    Path tokenFile;
}
