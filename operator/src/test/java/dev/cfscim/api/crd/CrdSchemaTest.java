package dev.cfscim.api.crd;

import static dev.cfscim.api.crd.Crds.at;
import static dev.cfscim.api.crd.Crds.generated;
import static dev.cfscim.api.crd.Crds.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.api.ApiGroup;
import dev.cfscim.api.DeletionPolicy;
import dev.cfscim.api.DurationRange;
import dev.cfscim.api.DriftPolicy;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.LabelSelectors;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.KubeDuration;
import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.api.MembershipState;
import dev.cfscim.api.RoleCatalog;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.UnmanagedUsersPolicy;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated CRDs carry the validation the classes declare: required fields, patterns, enums,
 * bounds, defaults, CEL rules ({@code x-kubernetes-validations}) and printer columns. CEL cannot be
 * evaluated here (no API server); the rules are checked for presence, exact text and placement.
 */
class CrdSchemaTest {
    private static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
    private static final String READY_REASON = ".status.conditions[?(@.type==\"Ready\")].reason";
    private static final String SYNCED = ".status.conditions[?(@.type==\"Synced\")].status";
    private static final String DRIFTED = ".status.conditions[?(@.type==\"Drifted\")].status";
    private static final String BLOCKED = ".status.conditions[?(@.type==\"DeprovisionBlocked\")].status";
    private static final String AGE = ".metadata.creationTimestamp";
    // the columns more than one kind shows, the same on each
    private static final Tuple READY_COLUMN = tuple("Ready", READY, "string", 0);
    private static final Tuple SYNCED_COLUMN = tuple("Synced", SYNCED, "string", 0);
    private static final Tuple REASON_COLUMN = tuple("Reason", READY_REASON, "string", 1);
    private static final Tuple AGE_COLUMN = tuple("Age", AGE, "date", 0);

    private final JSONSchemaProps app = schema(generated("scimapps"));
    private final JSONSchemaProps user = schema(generated("scimusers"));
    private final JSONSchemaProps group = schema(generated("scimgroups"));
    private final JSONSchemaProps binding = schema(generated("grouprolebindings"));

    // ---- names

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "scimapps, ScimApp, sapp",
            "scimusers, ScimUser, suser",
            "scimgroups, ScimGroup, sgroup",
            "grouprolebindings, GroupRoleBinding, grb"})
    void namesScopeVersionAndStatusSubresource(String plural, String kind, String shortName) {
        CustomResourceDefinition crd = generated(plural);
        assertThat(crd.getMetadata().getName()).isEqualTo(plural + "." + ApiGroup.GROUP);
        assertThat(crd.getSpec().getGroup()).isEqualTo(ApiGroup.GROUP);
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(kind);
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(plural);
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shortName);
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly(ApiGroup.CATEGORY);
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo(ApiGroup.VERSION);
        assertThat(version.getServed()).isTrue();
        assertThat(version.getStorage()).isTrue();
        assertThat(version.getSubresources().getStatus()).as("status subresource").isNotNull();
    }

    // ---- required

    @Test
    void requiredFields() {
        assertThat(at(app, "spec").getRequired()).containsExactlyInAnyOrder("accountId", "tokenSecretRef");
        assertThat(at(app, "spec.tokenSecretRef").getRequired()).containsExactly("name");
        assertThat(at(user, "spec").getRequired()).containsExactly("userName");
        assertThat(at(group, "spec").getRequired()).containsExactly("displayName");
        assertThat(at(binding, "spec").getRequired()).containsExactlyInAnyOrder("appRef", "groupRef", "role");
        assertThat(at(user, "status.apps.[]").getRequired()).containsExactlyInAnyOrder("app", "state");
        for (JSONSchemaProps root : List.of(app, user, group, binding)) {
            assertThat(at(root, "status.conditions.[]").getRequired()).containsExactlyInAnyOrder("type", "status");
        }
    }

    // ---- patterns, bounds, enums, defaults

    @Test
    void patterns() {
        assertThat(at(app, "spec.accountId").getPattern()).isEqualTo("^[0-9a-f]{32}$").isEqualTo(ScimAppSpec.ACCOUNT_ID_PATTERN);
        assertThat(at(user, "spec.userName").getPattern()).isEqualTo(ScimUserSpec.EMAIL_PATTERN);
        assertThat(at(app, "spec.resyncInterval").getPattern()).isEqualTo(KubeDuration.PATTERN);
        assertThat(at(app, "spec.requestBudget.per").getPattern()).isEqualTo(KubeDuration.PATTERN);
        for (JSONSchemaProps root : List.of(app, user, group, binding)) {
            assertThat(at(root, "status.conditions.[].status").getPattern()).isEqualTo("^(True|False|Unknown)$");
        }
    }

    @Test
    void minimumsMaximumsAndLengths() {
        assertThat(at(app, "spec.deprovisionLimit").getMinimum()).isEqualTo(0.0);
        assertThat(at(app, "spec.roleRemovalLimit").getMinimum()).isEqualTo(0.0);
        assertThat(at(app, "spec.requestBudget.requests").getMinimum()).isEqualTo(1.0);
        JSONSchemaProps headroom = at(app, "spec.requestBudget.headroom");
        assertThat(headroom.getMinimum()).isEqualTo(0.0);
        assertThat(headroom.getExclusiveMinimum()).as("headroom > 0").isTrue();
        assertThat(headroom.getMaximum()).isEqualTo(1.0);
        assertThat(headroom.getExclusiveMaximum()).as("headroom <= 1").isNotEqualTo(Boolean.TRUE);

        // Non-empty strings.
        for (JSONSchemaProps field : List.of(at(app, "spec.tokenSecretRef.name"), at(app, "spec.tokenSecretRef.key"),
                at(group, "spec.displayName"), at(binding, "spec.appRef"), at(binding, "spec.groupRef"),
                at(binding, "spec.role"))) {
            assertThat(field.getMinLength()).isEqualTo(1L);
        }
        // Every string a CEL rule reads is bounded: the API server refuses rules whose estimated cost is not.
        assertThat(at(app, "spec.accountId").getMaxLength()).isEqualTo(32L);
        assertThat(at(app, "spec.endpoint").getMaxLength()).isEqualTo(2048L);
        assertThat(at(app, "spec.resyncInterval").getMaxLength()).isEqualTo(64L);
        assertThat(at(app, "spec.requestBudget.per").getMaxLength()).isEqualTo(64L);
        assertThat(at(app, "spec.deprovisionWindow").getMaxLength()).isEqualTo(64L);
        assertThat(at(app, "spec.roleRemovalWindow").getMaxLength()).isEqualTo(64L);
        assertThat(at(binding, "spec.role").getMaxLength()).isEqualTo(256L);
        // An email address: RFC 5321's longest, as Cloudflare's schema types userName (format: email).
        assertThat(at(user, "spec.userName").getMaxLength()).isEqualTo(254L);
    }

    @Test
    void enumsListEveryConstant() {
        assertThat(enumOf(at(app, "spec.groupMode"))).containsExactlyInAnyOrderElementsOf(names(GroupMode.values()));
        assertThat(enumOf(at(app, "spec.managementPolicy"))).containsExactlyInAnyOrderElementsOf(names(ManagementPolicy.values()));
        assertThat(enumOf(at(app, "spec.driftPolicy"))).containsExactlyInAnyOrderElementsOf(names(DriftPolicy.values()));
        assertThat(enumOf(at(app, "spec.deletionPolicy"))).containsExactlyInAnyOrderElementsOf(names(DeletionPolicy.values()));
        assertThat(enumOf(at(app, "spec.unmanagedUsers")))
                .containsExactlyInAnyOrderElementsOf(names(UnmanagedUsersPolicy.values()));
        assertThat(enumOf(at(user, "status.apps.[].state"))).containsExactlyInAnyOrderElementsOf(names(MembershipState.values()));
        // The selectors' operators: the four LabelSelectors matches (its rule reads no other field than values' size).
        for (JSONSchemaProps requirement : List.of(at(app, "spec.assignments.userSelector.matchExpressions.[]"),
                at(group, "spec.memberSelector.matchExpressions.[]"))) {
            assertThat(enumOf(requirement.getProperties().get("operator"))).containsExactlyElementsOf(LabelSelectors.OPERATORS);
            assertThat(requirement.getRequired()).containsExactly("key", "operator");
            assertThat(requirement.getProperties().get("values").getMaxItems()).isEqualTo(1000L);
        }
    }

    @Test
    void defaultsForTheApiServerMatchTheJavaDefaults() {
        assertThat(at(app, "spec.groupMode").getDefault().asText()).isEqualTo("UserGroups");
        assertThat(at(app, "spec.managementPolicy").getDefault().asText()).isEqualTo("Manage");
        assertThat(at(app, "spec.driftPolicy").getDefault().asText()).isEqualTo("Correct");
        assertThat(at(app, "spec.deletionPolicy").getDefault().asText()).isEqualTo("Orphan");
        assertThat(at(app, "spec.unmanagedUsers").getDefault().asText()).isEqualTo("Ignore");
        assertThat(at(app, "spec.allowInsecureEndpoint").getDefault().asBoolean()).isFalse();
        assertThat(at(app, "spec.deprovisionLimit").getDefault().asInt()).isEqualTo(ScimAppSpec.DEFAULT_DEPROVISION_LIMIT);
        assertThat(at(app, "spec.deprovisionWindow").getDefault().asText()).isEqualTo("1h");
        assertThat(at(app, "spec.roleRemovalLimit").getDefault().asInt()).isEqualTo(ScimAppSpec.DEFAULT_ROLE_REMOVAL_LIMIT);
        assertThat(at(app, "spec.roleRemovalWindow").getDefault().asText()).isEqualTo("1h");
        // No schema default: left out, the operator's --default-resync-interval applies.
        assertThat(at(app, "spec.resyncInterval").getDefault()).isNull();
        assertThat(at(app, "spec.requestBudget").getDefault()).isNull();
        assertThat(at(app, "spec.requestBudget.requests").getDefault().asInt()).isEqualTo(1200);
        assertThat(at(app, "spec.requestBudget.per").getDefault().asText()).isEqualTo("5m");
        assertThat(at(app, "spec.requestBudget.headroom").getDefault().asDouble()).isEqualTo(0.9);
        assertThat(at(app, "spec.tokenSecretRef.key").getDefault().asText()).isEqualTo("token");
        assertThat(at(user, "spec.active").getDefault().asBoolean()).isTrue();
    }

    // ---- CEL rules

    @Test
    void everyKindRequiresSpec() {
        for (JSONSchemaProps root : List.of(app, user, group, binding)) {
            assertThat(rules(root)).containsExactly(tuple("has(self.spec)", "spec is required"));
        }
    }

    @Test
    void scimAppRules() {
        assertThat(rules(at(app, "spec"))).containsExactly(tuple(
                "!has(self.endpoint) || self.endpoint.startsWith('https://')"
                        + " || (has(self.allowInsecureEndpoint) && self.allowInsecureEndpoint"
                        + " && self.endpoint.startsWith('http://'))",
                "endpoint must start with https:// (http:// only with allowInsecureEndpoint: true, for an emulator)"));
        assertThat(rules(at(app, "spec.accountId"))).containsExactly(tuple(
                "self == oldSelf", "accountId cannot be changed: create another ScimApp for another account"));
        assertThat(rules(at(app, "spec.resyncInterval"))).containsExactly(tuple(
                "duration(self) >= duration('1s') && duration(self) <= duration('168h')", "must be from 1s to 168h (7 days)"));
        assertThat(rules(at(app, "spec.requestBudget.per"))).containsExactly(tuple(
                "duration(self) >= duration('1s') && duration(self) <= duration('24h')", "must be from 1s to 24h"));
        for (String window : List.of("spec.deprovisionWindow", "spec.roleRemovalWindow")) {
            assertThat(rules(at(app, window))).containsExactly(tuple(
                    "duration(self) >= duration('1m') && duration(self) <= duration('720h')",
                    "must be from 1m to 720h (30 days)"));
        }
    }

    @Test
    void groupRoleBindingRefusesDomainScopedRoles() {
        assertThat(rules(at(binding, "spec.role"))).containsExactly(tuple(GroupRoleBindingSpec.NOT_DOMAIN_SCOPED_RULE,
                "is a domain-scoped Cloudflare role: SCIM provisions only account-scoped roles "
                        + "(grant domain-scoped roles in the Cloudflare dashboard)"));
    }

    @Test
    void theDomainScopedRuleListsExactlyTheCatalogsDomainScopedRoles() {
        String rule = GroupRoleBindingSpec.NOT_DOMAIN_SCOPED_RULE;
        assertThat(rule).startsWith("!(self in [").endsWith("])");
        List<String> listed = new ArrayList<>();
        Matcher quoted = Pattern.compile("'([^']*)'").matcher(rule);
        while (quoted.find()) {
            listed.add(quoted.group(1));
        }
        RoleCatalog catalog = RoleCatalog.standard();
        assertThat(listed).containsExactlyElementsOf(catalog.domainScoped()).hasSize(13);
        assertThat(listed).as("the rule must never refuse an account-scoped role").doesNotContainAnyElementsOf(catalog.accountScoped());
        // Nothing between the quoted names but ", ".
        assertThat(rule.replaceAll("'[^']*'", "X")).isEqualTo("!(self in [" + "X, ".repeat(12) + "X])");
    }

    @Test
    void theDurationRulesAreTheRangesTheOperatorAndTheCommandLineHold() {
        assertThat(rules(at(app, "spec.resyncInterval"))).containsExactly(
                tuple(DurationRange.RESYNC.celRule(), DurationRange.RESYNC.message()));
        assertThat(rules(at(app, "spec.deprovisionWindow"))).containsExactly(
                tuple(DurationRange.REMOVAL_WINDOW.celRule(), DurationRange.REMOVAL_WINDOW.message()));
        assertThat(rules(at(app, "spec.requestBudget.per"))).containsExactly(
                tuple(DurationRange.REQUEST_WINDOW.celRule(), DurationRange.REQUEST_WINDOW.message()));
    }

    @Test
    void rulesUseOnlyFieldsEveryCelCapableApiServerKnows() {
        // fieldPath, reason (1.28) and messageExpression (1.27) would make kubectl's strict field validation
        // refuse the CRD on older clusters; transition rules (oldSelf) only where intended.
        List<ValidationRule> all = allRules().toList();
        assertThat(all).hasSize(4 + 1 + 1 + 4 + 1 + 2); // the last 2: each selector's requirements (In with values...)
        for (ValidationRule rule : all) {
            assertThat(rule.getMessage()).as(rule.getRule()).isNotBlank();
            assertThat(rule.getMessageExpression()).isNull();
            assertThat(rule.getReason()).isNull();
            assertThat(rule.getFieldPath()).isNull();
            assertThat(rule.getOptionalOldSelf()).isNull();
            assertThat(balanced(rule.getRule())).as("brackets and quotes balance in %s", rule.getRule()).isTrue();
        }
        assertThat(all.stream().filter(r -> r.getRule().contains("oldSelf")).map(ValidationRule::getRule))
                .containsExactly("self == oldSelf");
    }

    // ---- printer columns

    /** Each kind's printer columns: name, JSONPath, type and priority (1: shown only by -o wide). */
    static Stream<Arguments> printerColumns() {
        return Stream.of(
                Arguments.of("scimapps", List.of(
                        READY_COLUMN,
                        SYNCED_COLUMN,
                        tuple("Drifted", DRIFTED, "string", 0),
                        tuple("Account", ".spec.accountId", "string", 1),
                        tuple("Mode", ".spec.groupMode", "string", 0),
                        tuple("Policy", ".spec.managementPolicy", "string", 1),
                        tuple("Assigned", ".status.assigned", "integer", 0),
                        tuple("Provisioned", ".status.provisioned", "integer", 0),
                        tuple("Pending", ".status.pending", "integer", 0),
                        tuple("Blocked", ".status.blocked", "integer", 0),
                        REASON_COLUMN,
                        AGE_COLUMN)),
                Arguments.of("scimusers", List.of(
                        tuple("UserName", ".spec.userName", "string", 0),
                        tuple("Active", ".spec.active", "boolean", 0),
                        READY_COLUMN,
                        tuple("Blocked", BLOCKED, "string", 0),
                        REASON_COLUMN,
                        AGE_COLUMN)),
                Arguments.of("scimgroups", List.of(
                        tuple("DisplayName", ".spec.displayName", "string", 0),
                        READY_COLUMN,
                        REASON_COLUMN,
                        AGE_COLUMN)),
                Arguments.of("grouprolebindings", List.of(
                        tuple("App", ".spec.appRef", "string", 0),
                        tuple("Group", ".spec.groupRef", "string", 0),
                        tuple("Role", ".spec.role", "string", 0),
                        READY_COLUMN,
                        SYNCED_COLUMN,
                        REASON_COLUMN,
                        AGE_COLUMN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("printerColumns")
    void eachKindHasItsPrinterColumns(String plural, List<Tuple> expected) {
        assertThat(columns(plural)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * The order users know from cert-manager and Crossplane: READY first (then SYNCED where the kind
     * has it), AGE last. fabric8 7.5.2 sorts the columns by jsonPath; the build's CrdFinisher restores
     * the classes' order, so this checks the finishing step as much as the classes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scimapps", "scimusers", "scimgroups", "grouprolebindings"})
    void columnsReadyAndSyncedFirstAndAgeLast(String plural) {
        List<String> names = generated(plural).getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .map(CustomResourceColumnDefinition::getName).toList();
        assertThat(names.get(0)).isEqualTo("Ready");
        if (names.contains("Synced")) {
            assertThat(names.get(1)).isEqualTo("Synced");
        }
        assertThat(names.get(names.size() - 1)).isEqualTo("Age");
    }

    @Test
    void scimAppColumnsInTheirOrder() {
        assertThat(generated("scimapps").getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Ready", "Synced", "Drifted", "Account", "Mode", "Policy", "Assigned", "Provisioned",
                        "Pending", "Blocked", "Reason", "Age");
    }

    // ---- kubectl explain and conditions

    @ParameterizedTest
    @ValueSource(strings = {"scimapps", "scimusers", "scimgroups", "grouprolebindings"})
    void kubectlExplainHasTextAtEveryLevel(String plural) {
        JSONSchemaProps root = schema(generated(plural));
        assertThat(root.getDescription()).as("root").isNotBlank();
        assertThat(root.getProperties().get("spec").getDescription()).as("spec").isNotBlank();
        assertThat(root.getProperties().get("status").getDescription()).as("status").isNotBlank();
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(root.getProperties().get("spec"), ".spec", undescribed);
        collectUndescribed(root.getProperties().get("status"), ".status", undescribed);
        assertThat(undescribed).as("fields kubectl explain would show without text").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scimapps", "scimusers", "scimgroups", "grouprolebindings"})
    void conditionsAreAListMapKeyedByTypeWithDateTimes(String plural) {
        JSONSchemaProps conditions = at(schema(generated(plural)), "status.conditions");
        assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
        assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
        assertThat(conditions.getMaxItems()).isEqualTo(16L);
        JSONSchemaProps item = conditions.getItems().getSchema();
        assertThat(item.getRequired()).as("a list-map key must be required").contains("type");
        assertThat(item.getProperties().get("lastTransitionTime").getFormat()).isEqualTo("date-time");
        assertThat(item.getProperties().get("message").getMaxLength()).isEqualTo(32768L);
        assertThat(item.getProperties().get("reason").getMaxLength()).isEqualTo(1024L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scimapps", "scimusers", "scimgroups", "grouprolebindings"})
    void everyListIsBoundedAndTheOperatorsTimesAreDateTimes(String plural) {
        List<String> unbounded = new ArrayList<>();
        List<String> times = new ArrayList<>();
        walk(schema(generated(plural)), "", (path, property) -> {
            if ("array".equals(property.getType()) && property.getMaxItems() == null) {
                unbounded.add(path);
            }
            if (path.endsWith("Time") || path.endsWith(".at")) {
                times.add(path + "=" + property.getFormat());
            }
        });
        assertThat(unbounded).as("lists without maxItems").isEmpty();
        assertThat(times).allSatisfy(t -> assertThat(t).endsWith("=date-time"));
    }

    @Test
    void namesOfObjectsAreBoundedAsKubernetesBoundsThem() {
        assertThat(at(app, "spec.assignments.users").getMaxItems()).isEqualTo(20_000L);
        assertThat(at(app, "spec.assignments.users").getItems().getSchema().getMaxLength()).isEqualTo(253L);
        assertThat(at(app, "spec.tokenSecretRef.name").getMaxLength()).isEqualTo(253L);
        assertThat(at(group, "spec.members").getItems().getSchema().getMaxLength()).isEqualTo(253L);
    }

    private static void walk(JSONSchemaProps schema, String path,
                             java.util.function.BiConsumer<String, JSONSchemaProps> visit) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((name, property) -> {
            visit.accept(path + "." + name, property);
            walk(property, path + "." + name, visit);
            if (property.getItems() != null && property.getItems().getSchema() != null) {
                walk(property.getItems().getSchema(), path + "." + name + "[]", visit);
            }
        });
    }

    private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> undescribed) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((name, property) -> {
            if (property.getDescription() == null || property.getDescription().isBlank()) {
                undescribed.add(path + "." + name);
            }
            collectUndescribed(property, path + "." + name, undescribed);
            if (property.getItems() != null && property.getItems().getSchema() != null) {
                collectUndescribed(property.getItems().getSchema(), path + "." + name + "[]", undescribed);
            }
        });
    }

    // ---- helpers

    private static List<Tuple> rules(JSONSchemaProps schema) {
        List<ValidationRule> rules = schema.getXKubernetesValidations() == null ? List.of() : schema.getXKubernetesValidations();
        return rules.stream().map(r -> tuple(r.getRule(), r.getMessage())).toList();
    }

    private Stream<ValidationRule> allRules() {
        return Stream.of(app, user, group, binding).flatMap(CrdSchemaTest::rulesBelow);
    }

    private static Stream<ValidationRule> rulesBelow(JSONSchemaProps schema) {
        Stream<ValidationRule> own = schema.getXKubernetesValidations() == null ? Stream.empty()
                : schema.getXKubernetesValidations().stream();
        Stream<ValidationRule> properties = schema.getProperties() == null ? Stream.empty()
                : schema.getProperties().values().stream().flatMap(CrdSchemaTest::rulesBelow);
        Stream<ValidationRule> items = schema.getItems() == null || schema.getItems().getSchema() == null ? Stream.empty()
                : rulesBelow(schema.getItems().getSchema());
        return Stream.of(own, properties, items).flatMap(s -> s);
    }

    private static List<Tuple> columns(String plural) {
        return generated(plural).getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .sorted(Comparator.comparing(CustomResourceColumnDefinition::getName))
                .map(c -> tuple(c.getName(), c.getJsonPath(), c.getType(), c.getPriority()))
                .toList();
    }

    private static List<String> enumOf(JSONSchemaProps schema) {
        return schema.getEnum().stream().map(JsonNode::asText).toList();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    /** The regular expression inside the zero-duration rule; RE2 and Java read this one alike. */
    /** Parentheses and brackets nest and close, outside single-quoted strings, and every quote closes. */
    private static boolean balanced(String cel) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (char c : cel.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                open.append(c);
            } else if (!quoted && (c == ')' || c == ']')) {
                if (open.isEmpty() || open.charAt(open.length() - 1) != (c == ')' ? '(' : '[')) {
                    return false;
                }
                open.setLength(open.length() - 1);
            }
        }
        return !quoted && open.isEmpty();
    }
}
