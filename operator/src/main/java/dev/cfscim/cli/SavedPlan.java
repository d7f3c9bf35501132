package dev.cfscim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.cfscim.plan.CustomGroup;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.PlanPolicy;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.plan.RoleGroup;
import dev.cfscim.scim.RemoteUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan saved by {@code cfscim plan -out FILE} for {@code cfscim apply FILE}, as Terraform's saved
 * plans: what was reviewed is what is applied. It holds the plan itself, where it was read from, and
 * fingerprints of the declaration and of the account as planned; apply refuses the file when either
 * differs now (a stale plan), rather than apply something nobody reviewed. It never holds the token.
 */
record SavedPlan(String app, List<String> paths, String endpoint, String declaration, String account, JsonNode plan) {

    static final String FORMAT = "cfscim-saved-plan";
    // 2.0: the plan inside is PlanJson's 2.0; a 1.0 file is refused by its version, not as stale.
    static final String FORMAT_VERSION = "2.0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            // The removal windows' durations and times, as text: a fingerprint needs no date arithmetic.
            .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance)
                    .addSerializer(Instant.class, ToStringSerializer.instance));

    /** The saved form of a plan made now. */
    static SavedPlan of(Workspace.Target target, List<String> paths, Workspace.Planned planned) {
        return new SavedPlan(target.name(), List.copyOf(paths), target.endpoint(),
                declarationFingerprint(target.desired(), target.policy()), accountFingerprint(planned.remote()),
                new PlanJson(planned.plan(), planned.remote()).tree(target.name()));
    }

    void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("app", app);
        ArrayNode files = root.putArray("paths");
        paths.forEach(files::add);
        root.put("endpoint", endpoint);
        root.put("declaration_sha256", declaration);
        root.put("account_sha256", account);
        root.set("plan", plan);
        Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }

    static SavedPlan read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UserError("no saved plan at " + file);
        } catch (IOException e) {
            throw new UserError(file + " is not a saved plan (cfscim plan -out FILE writes one): " + e.getMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new UserError(file + " is not a saved plan (cfscim plan -out FILE writes one)");
        }
        if (!FORMAT_VERSION.equals(root.path("format_version").asText())) {
            throw new UserError(file + " is a saved plan of format " + root.path("format_version").asText()
                    + "; this cfscim reads " + FORMAT_VERSION + ": plan again");
        }
        List<String> paths = new ArrayList<>();
        root.path("paths").forEach(p -> paths.add(p.asText()));
        return new SavedPlan(root.path("app").asText(), paths, root.path("endpoint").asText(),
                root.path("declaration_sha256").asText(), root.path("account_sha256").asText(), root.path("plan"));
    }

    /**
     * Refuses the saved plan unless the same app, endpoint, declaration and account give the same
     * plan now; each refusal says what changed and that a new plan is the way on.
     */
    void checkStillCurrent(Workspace.Target target, Workspace.Planned now) {
        if (!app.equals(target.name())) {
            throw stale("it plans ScimApp " + app + ", not " + target.name());
        }
        if (!endpoint.equals(target.endpoint())) {
            throw stale("it was planned against " + endpoint + ", not " + target.endpoint());
        }
        if (!declaration.equals(declarationFingerprint(target.desired(), target.policy()))) {
            throw stale("the declaration changed since it was saved");
        }
        if (!account.equals(accountFingerprint(now.remote()))) {
            throw stale("the account changed since it was saved (someone else changed it, or a plan was applied)");
        }
        if (!plan.equals(new PlanJson(now.plan(), now.remote()).tree(target.name()))) {
            // Unreachable while planning is deterministic; a guard, not a path.
            throw stale("planning again gives another plan");
        }
    }

    private static UserError stale(String why) {
        return new UserError("the saved plan is stale: " + why + ". Run cfscim plan -out again, review it, then apply it.");
    }

    /** What the planner reads of the declaration: the desired state and the policy. */
    static String declarationFingerprint(DesiredState desired, PlanPolicy policy) {
        ObjectNode root = JSON.createObjectNode();
        root.set("desired", JSON.valueToTree(desired));
        root.set("policy", JSON.valueToTree(policy));
        return sha256(canonical(root));
    }

    /** What the planner reads of the account: members, role groups, user groups, roles held outside SCIM. */
    static String accountFingerprint(RemoteState remote) {
        ObjectNode root = JSON.createObjectNode();
        root.put("accountId", remote.accountId());
        ArrayNode users = root.putArray("users");
        for (RemoteUser u : remote.users()) {
            users.add(JSON.valueToTree(u));
        }
        ObjectNode roleGroups = root.putObject("roleGroups");
        for (RoleGroup group : remote.roleGroups()) {
            ObjectNode node = roleGroups.putObject(group.id());
            node.put("role", group.role());
            remote.members(group.role()).forEach(node.putArray("members")::add);
        }
        ObjectNode customGroups = root.putObject("customGroups");
        for (CustomGroup group : remote.customGroups()) {
            ObjectNode node = customGroups.putObject(group.id());
            node.put("displayName", group.displayName());
            node.put("externalId", group.externalId());
            group.roles().forEach(node.putArray("roles")::add);
            remote.customMembers(group.id()).forEach(node.putArray("members")::add);
        }
        remote.superAdministrators().forEach(root.putArray("superAdministrators")::add);
        return sha256(canonical(root));
    }

    /** Keys sorted, arrays sorted: the same content gives the same text, whatever a set's order. */
    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, String> fields = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), canonical(field.getValue()));
            }
            StringBuilder out = new StringBuilder("{");
            fields.forEach((k, v) -> out.append(quoted(k)).append(':').append(v).append(','));
            return out.append('}').toString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            items.sort(null);
            return "[" + String.join(",", items) + "]";
        }
        return node.toString();
    }

    private static String quoted(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
