package dev.cfscim.emulator.cli;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.DeprovisionedUsers;
import dev.cfscim.emulator.ExistingUserGroups;
import dev.cfscim.emulator.LastSuperAdminMode;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.UserGroupsFormat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar cloudflare-scim-emulator.jar}: runs the emulator until Ctrl-C. */
@Command(name = "cloudflare-scim-emulator", mixinStandardHelpOptions = true,
        version = "cloudflare-scim-emulator 0.1.0",
        description = "An in-memory Cloudflare dashboard SCIM 2.0 API (and its IAM user groups) for tests and CI.",
        subcommands = LoadCommand.class)
public final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8787", description = "Port on the host address; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--account-id", description = "The account id, 32 lower-case hex characters (default: generated).")
    String accountId;

    @Option(names = "--token", description = "The API token the account accepts (default: generated).")
    String token;

    @Option(names = "--profile", defaultValue = "user-groups",
            description = "user-groups (system and custom groups), virtual-groups (CF-<accountID> - <Role Name> groups), or transition (both) (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--user-groups-format", defaultValue = "strings",
            description = "A User's groups: strings (group ids, as Cloudflare publishes) or objects ({value, display}, RFC 7643) (default: ${DEFAULT-VALUE}).")
    String userGroupsFormat;

    @Option(names = "--super-admin", paramLabel = "EMAIL",
            description = "A member holding Super Administrator - All Privileges outside SCIM; repeatable.")
    List<String> superAdmins = new ArrayList<>();

    @Option(names = "--super-admin-by-policy", paramLabel = "EMAIL",
            description = "A member holding Super Administrator - All Privileges outside SCIM through a policy alone (no role); repeatable.")
    List<String> superAdminsByPolicy = new ArrayList<>();

    @Option(names = "--rate-limit", defaultValue = "1200/5m",
            description = "Requests per token per window, N/DURATION (ms, s, m, h), or off (default: ${DEFAULT-VALUE}).")
    String rateLimit;

    @Option(names = "--last-super-admin", defaultValue = "silent",
            description = "How deprovisioning the only Super Administrator is refused: silent or error (default: ${DEFAULT-VALUE}).")
    String lastSuperAdmin;

    @Option(names = "--deprovisioned", defaultValue = "not-found",
            description = "What GET answers for a deprovisioned member: not-found or inactive (default: ${DEFAULT-VALUE}).")
    String deprovisioned;

    @Option(names = "--existing-user-group", defaultValue = "adopt",
            description = "What POST /Groups answers for the name of a user group SCIM did not push: adopt (Cloudflare's "
                    + "documented behaviour) or conflict (409) (default: ${DEFAULT-VALUE}).")
    String existingUserGroup;

    @Option(names = "--max-page-size", defaultValue = "100", description = "Largest count a list honours (default: ${DEFAULT-VALUE}).")
    int maxPageSize;

    @Option(names = "--seed", description = "Seed for fault injection, for runs that repeat exactly.")
    Long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Bad option values are the user's mistake, not a crash: say what is wrong, without a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new EmulatorCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (!(e instanceof IllegalArgumentException) && !(e instanceof java.io.UncheckedIOException)) {
                        throw e;
                    }
                    cmd.getErr().println("error: " + e.getMessage());
                    return 2;
                });
    }

    @Override
    public Integer call() throws InterruptedException {
        CloudflareEmulator emulator = emulator().build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        printStarted(emulator, spec.commandLine().getOut());
        stopped.await();
        return 0;
    }

    /**
     * The emulator these options describe, started as {@code java -jar} starts it and its start
     * printed on {@code out}, but handed back instead of waiting for Ctrl-C: for a test that runs a
     * guide's command line as written (and stops it where the guide's user would press Ctrl-C).
     * Options the jar would refuse are refused here too, with its message.
     *
     * @throws IllegalArgumentException for options the jar refuses, or the {@code load} command
     */
    public static CloudflareEmulator start(List<String> args, PrintWriter out) {
        CommandLine cli = commandLine();
        CommandLine.ParseResult parsed;
        try {
            parsed = cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (parsed.subcommand() != null || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            throw new IllegalArgumentException("not the emulator's server: " + String.join(" ", args));
        }
        EmulatorCommand command = cli.getCommand();
        CloudflareEmulator emulator = command.emulator().build().start();
        printStarted(emulator, out);
        return emulator;
    }

    private CloudflareEmulator.Builder emulator() {
        CloudflareEmulator.Builder builder = CloudflareEmulator.builder()
                .host(host)
                .port(port)
                .profile(Profile.fromLabel(profile))
                .userGroupsFormat(enumOf(UserGroupsFormat.class, userGroupsFormat, "--user-groups-format"))
                .rateLimit(RateLimit.parse(rateLimit))
                .lastSuperAdmin(enumOf(LastSuperAdminMode.class, lastSuperAdmin, "--last-super-admin"))
                .deprovisioned(enumOf(DeprovisionedUsers.class, deprovisioned, "--deprovisioned"))
                .existingUserGroups(enumOf(ExistingUserGroups.class, existingUserGroup, "--existing-user-group"))
                .maxPageSize(maxPageSize)
                .account(accountId, token);
        superAdmins.forEach(builder::superAdmin);
        superAdminsByPolicy.forEach(builder::superAdminByPolicy);
        if (seed != null) {
            builder.seed(seed);
        }
        return builder;
    }

    private static void printStarted(CloudflareEmulator emulator, PrintWriter out) {
        out.println("SCIM base URL: " + emulator.scimBaseUrl());
        out.println("API token: " + emulator.token());
        out.println("Account ID: " + emulator.accountId());
        out.println("Admin API: " + emulator.adminUrl());
        out.println("Profile: " + emulator.profile().label() + ", rate limit: " + emulator.rateLimit()
                + ". Press Ctrl-C to stop.");
        out.flush();
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for " + option + ": '" + value + "'", e);
        }
    }
}
