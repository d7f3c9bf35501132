package dev.cfscim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.scim.AccountProbe;
import dev.cfscim.scim.ApiToken;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cfscim doctor}: a read-only probe of a real account in at most six GETs, one line per
 * finding ({@code ok}, {@code warn}, {@code fail}) against what the engine assumes. Exit 0 when
 * nothing fails, 1 otherwise. Files are optional: a user can probe before writing any YAML.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, resourceBundle = "dev.cfscim.cli.DoctorCommand",
        description = "Probe the account (at most 6 GETs, never a write) and report what differs from what cfscim assumes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Nothing failed (warnings may remain).", "1:A check failed, or an error."})
final class DoctorCommand extends TerminalCommand {

    /** Bumped when a field of the JSON changes meaning or goes away. */
    static final int FORMAT_VERSION = 1;

    /** -f, -R, --app: their descriptions for doctor are in DoctorCommand.properties. */
    @Mixin
    DeclarationOptions declaration;

    /** --endpoint, --token-file: the endpoint's description for doctor is in DoctorCommand.properties. */
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--account-id", paramLabel = "ID",
            description = "Without -f or --endpoint: probe Cloudflare's SCIM API of this account.")
    String accountId;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    /** What to probe, and with what declared around it (the ScimApp's name and groupMode, when files were given). */
    private record Subject(String endpoint, ApiToken token, String accountId, String app, GroupMode mode) {
    }

    @Override
    int run(PrintWriter out, PrintWriter err) {
        Subject subject = subject(Invocation.of(spec), err);
        AccountProbe probe = new AccountProbe(subject.endpoint(), subject.token());
        List<DoctorCheck> checks = new AccountDoctor(probe, subject.accountId(), subject.mode()).run();
        int exit = checks.stream().anyMatch(c -> c.status() == DoctorCheck.Status.FAIL) ? 1 : 0;
        if (json) {
            json(subject, checks, probe.requestsSent(), exit, out);
        } else {
            text(subject, checks, probe.requestsSent(), out);
        }
        out.flush();
        return exit;
    }

    private Subject subject(Invocation invocation, PrintWriter err) {
        Map<String, String> environment = invocation.environment();
        if (declaration.givesFiles()) {
            if (accountId != null) {
                throw new UserError("--account-id is for probing without files: the ScimApp names the account");
            }
            Workspace.Target target = Workspace.open(Workspace.Options.of(declaration, connection), environment,
                    invocation::readStandardInput, err);
            ScimAppSpec declared = target.app().getSpec();
            return new Subject(target.endpoint(), target.token().token(), declared.getAccountId(), target.name(),
                    declared.getGroupMode());
        }
        if (declaration.app != null) {
            throw new UserError("--app chooses among the ScimApps of -f files; none were given");
        }
        Workspace.AccountTarget target = Workspace.accountTarget(connection, accountId, environment,
                "nothing to probe: give -f FILES, --endpoint URL or --account-id ID", err);
        return new Subject(target.endpoint(), target.token().token(), target.accountId(), null, null);
    }

    private static void text(Subject subject, List<DoctorCheck> checks, long requests, PrintWriter out) {
        out.println("cfscim doctor: " + subject.endpoint()
                + (subject.app() == null ? "" : " (ScimApp " + subject.app() + ", groupMode " + subject.mode() + ")"));
        checks.forEach(c -> out.println(c.line()));
        out.println("Doctor: " + count(checks, DoctorCheck.Status.OK) + " ok, " + count(checks, DoctorCheck.Status.WARN)
                + " warn, " + count(checks, DoctorCheck.Status.FAIL) + " fail; " + requests + " requests, nothing written.");
    }

    private static void json(Subject subject, List<DoctorCheck> checks, long requests, int exit, PrintWriter out) {
        // Made here, not in a static field: picocli instantiates every subcommand at start, and
        // Jackson's classes cost every other command (cfscim --version) a third of a second.
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("endpoint", subject.endpoint());
        root.put("app", subject.app());
        root.put("group_mode", subject.mode() == null ? null : subject.mode().name());
        ArrayNode list = root.putArray("checks");
        checks.forEach(c -> list.addObject().put("status", c.status().label()).put("check", c.check()).put("seen", c.seen()));
        ObjectNode summary = root.putObject("summary");
        for (DoctorCheck.Status status : DoctorCheck.Status.values()) {
            summary.put(status.label(), count(checks, status));
        }
        root.put("requests", requests);
        root.put("exit_code", exit);
        try {
            out.println(json.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the findings as JSON", e);
        }
    }

    private static long count(List<DoctorCheck> checks, DoctorCheck.Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }
}
