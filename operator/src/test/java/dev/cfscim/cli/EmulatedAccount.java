package dev.cfscim.cli;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CLI tests' Cloudflare, new for each test: an emulated account with the examples' account id
 * and a Super Administrator of its own, and the token file that opens it, to point {@code cfscim} at.
 */
final class EmulatedAccount implements BeforeEachCallback, AfterEachCallback {

    /** The account id the files under examples/ declare. */
    private static final String ID = "023e105f4ecef8ad9ca31a8372d0c353";

    private final Profile profile;
    private final String token;
    private CloudflareEmulator cf;
    private Path tokenFile;

    EmulatedAccount(Profile profile, String token) {
        this.profile = profile;
        this.token = token;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        // With a newline, as an editor leaves a token file.
        tokenFile = Files.writeString(Files.createTempFile("cfscim-token", null), token + "\n");
        // Every exchange goes to the published-schema check, which the test classes extend with.
        cf = CloudflareEmulator.builder().profile(profile).account(ID, token).rateLimit(RateLimit.OFF)
                .onExchange(PublishedSchemaCheck::record).superAdmin("owner@example.com").build().start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        cf.close();
        Files.deleteIfExists(tokenFile);
    }

    CloudflareEmulator cf() {
        return cf;
    }

    Path tokenFile() {
        return tokenFile;
    }

    /** The arguments of {@code cfscim COMMAND -f PATH}, against this account's endpoint with its token, then {@code more}. */
    String[] args(String command, String path, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "-f", path, "--endpoint", cf.scimBaseUrl(),
                "--token-file", tokenFile.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
