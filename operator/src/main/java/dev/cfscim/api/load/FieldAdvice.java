package dev.cfscim.api.load;

import dev.cfscim.api.ApiGroup;
import dev.cfscim.api.DurationRange;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.KubeDuration;
import dev.cfscim.api.LabelSelectors;
import dev.cfscim.api.RoleCatalog;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.UserNameRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Words, not verdicts. The CRD's schema and rules decide whether a value is refused; where a bare
 * "does not match" would leave the reader guessing, this says what is wrong with the value and what
 * to write instead: the account id's length or case, which character makes a userName no email
 * address, whether a duration is too short or too long, the account-scoped roles nearest a
 * domain-scoped one. It is asked only after the schema or a rule has refused, so it can never refuse
 * or let through anything itself; when it has nothing to say, the schema's own wording stands.
 */
final class FieldAdvice {
    private static final Pattern ACCOUNT_ID = Pattern.compile(ScimAppSpec.ACCOUNT_ID_PATTERN);
    private static final int SUGGESTIONS = 3;
    private static final Map<String, String> POINTERS = Map.of(
            ApiGroup.SPEC_REQUIRED_RULE, "spec",
            ScimAppSpec.HTTPS_ENDPOINT_RULE, "endpoint",
            LabelSelectors.VALUES_RULE, "values");

    /** By kind and field: words for any schema refusal there (pattern, length, required). */
    private final Map<String, Function<String, Optional<String>>> byField;
    /** By the pattern refused: the same pattern means the same thing wherever it is. */
    private final Map<String, Function<String, Optional<String>>> byPattern;
    /** By CEL rule, given the rule's self. */
    private final Map<String, Function<Object, Optional<String>>> byRule;

    FieldAdvice(RoleCatalog roles) {
        this.byField = Map.of(
                key(ScimApp.KIND, "spec.accountId"), FieldAdvice::accountId,
                key(ScimUser.KIND, "spec.userName"), UserNameRules::invalid);
        this.byPattern = Map.of(KubeDuration.PATTERN, FieldAdvice::duration,
                LabelSelectors.KEY_PATTERN, MetadataRules::labelKeyProblem,
                LabelSelectors.VALUE_PATTERN, MetadataRules::labelValueProblem);
        this.byRule = Map.of(
                DurationRange.RESYNC.celRule(), self -> range(DurationRange.RESYNC, self),
                DurationRange.REMOVAL_WINDOW.celRule(), self -> range(DurationRange.REMOVAL_WINDOW, self),
                DurationRange.REQUEST_WINDOW.celRule(), self -> range(DurationRange.REQUEST_WINDOW, self),
                GroupRoleBindingSpec.NOT_DOMAIN_SCOPED_RULE, self -> domainScopedRole(roles, self),
                ScimAppSpec.HTTPS_ENDPOINT_RULE, FieldAdvice::endpoint,
                LabelSelectors.VALUES_RULE, FieldAdvice::requirementValues);
    }

    /** Words for a schema refusal of {@code value} (null when absent) at {@code field}, refused by {@code pattern} if any. */
    Optional<String> schema(String kind, String field, String pattern, String value) {
        Function<String, Optional<String>> words = byField.get(key(kind, field));
        if (words == null && pattern != null) {
            words = byPattern.get(pattern);
        }
        return words == null ? Optional.empty() : words.apply(value);
    }

    /**
     * Where a rule without a {@code fieldPath} points, below its node: the field to fix rather than
     * the object that holds it. (The CRDs set no fieldPath: it is Kubernetes 1.28's, and kubectl's
     * strict field validation on an older cluster would refuse the CRD; CrdSchemaTest.)
     */
    Optional<String> pointer(String rule) {
        return Optional.ofNullable(POINTERS.get(rule));
    }

    /** Words for the CEL rule {@code rule} refusing {@code self}. */
    Optional<String> rule(String rule, Object self) {
        Function<Object, Optional<String>> words = byRule.get(rule);
        return words == null ? Optional.empty() : words.apply(self);
    }

    private static String key(String kind, String field) {
        return kind + " " + field;
    }

    private static Optional<String> accountId(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("the Cloudflare account id is required");
        }
        String hint = ACCOUNT_ID.matcher(id.strip().toLowerCase(Locale.ROOT)).matches()
                ? "write it in lower case, without spaces"
                : id.length() != 32 ? "it has " + id.length() + " characters"
                : "it has characters other than 0-9 and a-f";
        return Optional.of("'" + id + "' is not a Cloudflare account id (32 lower-case hex characters): " + hint);
    }

    private static Optional<String> duration(String text) {
        try {
            KubeDuration.parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** {@code '1ms' is too short: must be from 1m to 720h (30 days)}: the range the rule was made from says which end. */
    private static Optional<String> range(DurationRange range, Object self) {
        try {
            range.parse(String.valueOf(self));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Optional<String> domainScopedRole(RoleCatalog roles, Object self) {
        String role = String.valueOf(self);
        List<String> nearest = roles.nearest(role, SUGGESTIONS);
        return Optional.of("'" + role + "' is a domain-scoped role: SCIM can provision only account-scoped roles (grant "
                + "domain roles in the dashboard)" + (nearest.isEmpty() ? "" : "; nearest account-scoped roles: "
                + String.join(", ", nearest)));
    }

    /** {@code In needs at least one value}, {@code Exists takes no values}: the operator the rule refused. */
    private static Optional<String> requirementValues(Object requirement) {
        if (!(requirement instanceof Map<?, ?> fields) || !(fields.get("operator") instanceof String operator)) {
            return Optional.empty();
        }
        return Optional.of(operator + (operator.equals("In") || operator.equals("NotIn") ? " needs at least one value"
                : " takes no values"));
    }

    private static Optional<String> endpoint(Object spec) {
        if (!(spec instanceof Map<?, ?> fields) || !(fields.get("endpoint") instanceof String endpoint)) {
            return Optional.empty();
        }
        if (endpoint.isBlank()) {
            return Optional.of("must not be empty: omit it to use Cloudflare's endpoint");
        }
        if (endpoint.toLowerCase(Locale.ROOT).startsWith("http://")) {
            return Optional.of("'" + endpoint + "' is not https: the token would travel in clear; set "
                    + "allowInsecureEndpoint: true only for an emulator");
        }
        return Optional.of("'" + endpoint + "' is not an http(s) URL with a host");
    }
}
