package dev.cfscim.cli;

import dev.cfscim.api.GroupMode;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.export.AccountExport;
import dev.cfscim.export.DeclarationFiles;
import dev.cfscim.export.ResourceNames;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.Engine;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.CloudflareScimClient;
import dev.cfscim.scim.TokenBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cfscim export}: reads an account (GETs only, the scan a plan makes plus who holds roles
 * outside SCIM) and writes the declarations that describe it, observe-only, for a person to review
 * and commit. Everything is read before anything is written, so a failed read writes nothing.
 */
@Command(name = "export", mixinStandardHelpOptions = true, resourceBundle = "dev.cfscim.cli.ExportCommand",
        description = "Read the account (never a write) and print or write the ScimApp, ScimUsers, ScimGroups and "
                + "GroupRoleBindings that describe it, with managementPolicy: Observe.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Exported.", "1:An error; nothing was written."})
final class ExportCommand extends TerminalCommand {

    /** --endpoint, --token-file: their descriptions for export are in ExportCommand.properties. */
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--account-id", paramLabel = "ID", description = "The account (default: the one in --endpoint).")
    String accountId;

    /** Not the --app of plan and doctor, which chooses a declared ScimApp: the name the export gives it. */
    @Option(names = "--app", paramLabel = "NAME", defaultValue = "cloudflare",
            description = "Name of the exported ScimApp (default: ${DEFAULT-VALUE}).")
    String app;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = ResourceKey.DEFAULT_NAMESPACE,
            description = "Namespace of the exported resources (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--token-secret", paramLabel = "NAME", defaultValue = "cloudflare-scim-token",
            description = "Name of the token Secret the ScimApp refers to (default: ${DEFAULT-VALUE}).")
    String tokenSecret;

    @Option(names = "--group-mode", paramLabel = "MODE",
            description = "VirtualGroups or UserGroups (default: VirtualGroups when the account has CF-<accountId> - <Role> groups).")
    GroupMode groupMode;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Write app.yaml, secret.yaml, users.yaml, groups.yaml, bindings.yaml and kustomization.yaml "
                    + "here (default: one stream on standard output).")
    Path out;

    @Override
    int run(PrintWriter stdout, PrintWriter err) throws IOException {
        for (String[] name : List.of(new String[] {"--app", app}, new String[] {"--namespace", namespace},
                new String[] {"--token-secret", tokenSecret})) {
            if (!ResourceNames.slug(name[1], "").equals(name[1])) {
                throw new UserError(name[0] + " '" + name[1] + "' is not a valid Kubernetes name (lower-case letters, "
                        + "digits and '-', at most 63)");
            }
        }
        Workspace.AccountTarget target = Workspace.accountTarget(connection, accountId, Invocation.of(spec).environment(),
                "nothing to export: give --endpoint URL or --account-id ID", err);
        String url = target.endpoint();
        String account = target.accountId();
        if (account == null || !account.matches(ScimAppSpec.ACCOUNT_ID_PATTERN)) {
            throw new UserError("no account id: give --account-id ID (32 lower-case hex characters)");
        }

        CloudflareScimClient client = Workspace.client(url, target.token().token(), TokenBudget.Limit.CLOUDFLARE, err);
        Engine engine = new Engine(client.directory(), client.iam());
        // The group list tells the model, and what the scan reads next depends on it.
        RemoteState remote = engine.scan(account, read -> DesiredState.Model.of(modeOf(read)));
        GroupMode mode = modeOf(remote);
        engine.learnSuperAdministratorsOutsideScim(remote);
        if (!remote.outsideRolesReadable()) {
            // Without it the owner looks like any SCIM member, and would be declared as one.
            err.println("Warning: this token may not read the account's members, so who holds roles outside SCIM "
                    + "is unknown: the account owner and Super Administrators made outside SCIM may be exported as "
                    + "ScimUsers. Review the users before applying, or export with a token that may read members.");
        }

        String defaultEndpoint = ScimAppSpec.cloudflareEndpoint(account);
        AccountExport export = AccountExport.of(remote, new AccountExport.Target(account, mode, app, namespace,
                tokenSecret, url.equals(defaultEndpoint) ? null : url));
        if (out == null) {
            stdout.print(DeclarationFiles.stream(export));
            stdout.flush();
        } else {
            write(DeclarationFiles.files(export), out);
        }
        err.println("Exported account " + account + " (groupMode " + mode + "): " + export.users().size() + " users, "
                + export.groups().size() + " groups, " + export.bindings().size() + " bindings, "
                + export.notDeclared().size() + " left undeclared; " + client.requestsSent()
                + " requests, nothing written to Cloudflare" + (out == null ? "." : "; files in " + out + "."));
        err.flush();
        return 0;
    }

    /** The model given, or the one the account's group list shows (the same before and after the scan's later reads). */
    private GroupMode modeOf(RemoteState read) {
        return groupMode != null ? groupMode : AccountExport.detectedMode(read);
    }

    /**
     * Writes the files into {@code dir} all or not at all: into a staging folder beside it first,
     * then moved in; files of an earlier export this one no longer has are removed.
     */
    static void write(Map<String, String> files, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new UserError(dir + " exists and is not a folder");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + "-export-");
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(staging.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            if (!Files.exists(target)) {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            for (String name : files.keySet()) {
                move(staging.resolve(name), target.resolve(name));
            }
            for (String name : DeclarationFiles.FILES) {
                if (!files.containsKey(name)) {
                    Files.deleteIfExists(target.resolve(name));
                }
            }
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> left = Files.list(staging)) {
                    for (Path file : left.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(staging);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
