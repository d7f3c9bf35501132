package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The emulator's own API under {@code /__emulator/}: read the accounts' state and the request
 * counters, inject faults, seed members, reset. No token, not counted, never rate limited.
 */
final class AdminApi {

    private final CloudflareEmulator emulator;
    private final ObjectMapper json;

    AdminApi(CloudflareEmulator emulator, ObjectMapper json) {
        this.emulator = emulator;
        this.json = json;
    }

    ApiResponse handle(ApiRequest request) {
        String path = request.path().replaceAll("/+$", "");
        String call = request.method() + " " + path.substring(path.indexOf("/__emulator") + "/__emulator".length());
        try {
            return switch (call) {
                case "GET " -> ApiResponse.json(200, index());
                case "GET /state" -> ApiResponse.json(200, state(request.param("account")));
                case "GET /requests" -> ApiResponse.json(200, json.valueToTree(emulator.requests()));
                case "DELETE /requests" -> {
                    emulator.resetRequests();
                    yield ApiResponse.noContent();
                }
                case "GET /faults" -> ApiResponse.json(200, faults());
                case "POST /faults" -> {
                    FaultRule rule = faultRule(body(request));
                    emulator.faults().add(rule);
                    yield ApiResponse.json(201, json.valueToTree(rule));
                }
                case "DELETE /faults" -> {
                    emulator.faults().clear();
                    yield ApiResponse.noContent();
                }
                case "POST /members" -> ApiResponse.json(201, seedMember(body(request)));
                case "POST /reset" -> {
                    emulator.reset();
                    yield ApiResponse.noContent();
                }
                default -> error(404, "no admin call " + call + "; see GET /__emulator/");
            };
        } catch (Rejection e) {
            return error(e.status(), e.detail());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private ObjectNode index() {
        ObjectNode node = json.createObjectNode();
        node.put("profile", emulator.profile().label());
        node.put("rateLimit", emulator.rateLimit().toString());
        ArrayNode accounts = node.putArray("accounts");
        for (AccountState account : emulator.accountStates()) {
            accounts.addObject()
                    .put("id", account.id())
                    .put("scimBaseUrl", emulator.scimBaseUrl(account.id()));
        }
        ArrayNode calls = node.putArray("calls");
        List.of("GET /__emulator/state[?account=ID]", "GET /__emulator/requests", "DELETE /__emulator/requests",
                "GET /__emulator/faults", "POST /__emulator/faults", "DELETE /__emulator/faults",
                "POST /__emulator/members", "POST /__emulator/reset").forEach(calls::add);
        return node;
    }

    private ObjectNode state(String accountFilter) {
        ObjectNode node = json.createObjectNode();
        ArrayNode accounts = node.putArray("accounts");
        for (AccountState account : emulator.accountStates()) {
            if (accountFilter != null && !accountFilter.equals(account.id())) {
                continue;
            }
            synchronized (account) {
                accounts.add(accountState(account));
            }
        }
        if (accountFilter != null && accounts.isEmpty()) {
            throw Rejection.notFound("Account " + accountFilter);
        }
        return node;
    }

    private ObjectNode accountState(AccountState account) {
        ObjectNode node = json.createObjectNode();
        node.put("id", account.id());
        node.put("profile", account.profile().label());
        node.put("superAdministrators", account.superAdministratorIds().size());
        ArrayNode members = node.putArray("members");
        for (MemberView member : account.memberViews()) {
            ObjectNode m = members.addObject();
            m.put("id", member.id());
            m.put("userName", member.userName());
            m.put("active", member.active());
            m.put("source", member.source());
            member.roles().forEach(m.putArray("roles")::add);
        }
        ArrayNode groups = node.putArray("groups");
        for (Group group : account.listGroups(null)) {
            ObjectNode g = groups.addObject();
            g.put("id", group.id);
            g.put("displayName", group.displayName);
            g.put("kind", group.kind.label);
            if (group.role != null) {
                g.put("role", group.role);
            }
            group.memberIds.forEach(g.putArray("members")::add);
            if (group.kind == Group.Kind.CUSTOM) {
                account.rolesGrantedBy(group).forEach(g.putArray("roles")::add);
                ArrayNode policies = g.putArray("policies");
                for (Policy policy : group.policies) {
                    ObjectNode p = policies.addObject();
                    p.put("access", policy.access());
                    ArrayNode pgs = p.putArray("permissionGroups");
                    policy.permissionGroupIds().forEach(pg ->
                            pgs.add(account.roles().roleOfPermissionGroup(pg).orElse(pg)));
                    policy.scopeKeys().forEach(p.putArray("scopes")::add);
                }
            }
        }
        return node;
    }

    private ObjectNode faults() {
        ObjectNode node = json.createObjectNode();
        ArrayNode rules = node.putArray("rules");
        emulator.faults().rules().forEach(rule -> rules.add(json.valueToTree(rule)));
        return node;
    }

    private static FaultRule faultRule(JsonNode body) {
        String phase = body.path("phase").asText("before").toUpperCase(Locale.ROOT);
        FaultRule.Phase parsed;
        try {
            parsed = FaultRule.Phase.valueOf(phase);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("phase must be before or after, got '" + body.path("phase").asText() + "'");
        }
        JsonNode total = body.get("totalResults");
        return new FaultRule(body.path("route").asText("*"), body.path("errorRate").asDouble(0),
                body.path("errorStatus").asInt(500), body.path("throttleRate").asDouble(0),
                body.path("latencyMs").asLong(0), body.path("dropRate").asDouble(0), parsed,
                body.path("times").asInt(0), body.path("retryAfterSeconds").asLong(1),
                total == null || total.isNull() ? null : total.asText(), body.path("ignoreStartIndex").asBoolean(false),
                body.path("dripMs").asLong(0), body.path("padBytes").asLong(0), body.path("htmlStatus").asInt(0));
    }

    private ObjectNode seedMember(JsonNode body) {
        String accountId = body.path("account").asText(null);
        AccountState account = accountId == null
                ? emulator.accountStates().iterator().next()
                : emulator.accountById(accountId);
        if (account == null) {
            throw Rejection.notFound("Account " + accountId);
        }
        List<String> roles = new ArrayList<>();
        body.path("roles").forEach(role -> roles.add(role.asText()));
        // Roles held through the member's own allow policies alone, with no role assigned.
        List<String> policyOnlyRoles = new ArrayList<>();
        body.path("policies").forEach(role -> policyOnlyRoles.add(role.asText()));
        synchronized (account) {
            Member member = account.seedMember(body.path("userName").asText(null), roles, policyOnlyRoles);
            return json.valueToTree(account.view(member));
        }
    }

    private JsonNode body(ApiRequest request) {
        try {
            JsonNode node = request.body().length == 0 ? null : json.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage());
        }
    }

    private ApiResponse error(int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        return ApiResponse.json(status, body);
    }
}
