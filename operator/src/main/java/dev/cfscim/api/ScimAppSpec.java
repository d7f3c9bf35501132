package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import lombok.Getter;
import lombok.Setter;

/**
 * One Cloudflare account, like the "SCIM app" of an identity provider.
 *
 * <p>Defaults are set twice on purpose: {@code @Default} for the API server, field initialisers for
 * the command line, which reads YAML without an API server to default it.
 *
 * <p>The CEL rules ({@code @ValidationRule}) are evaluated by the API server on {@code kubectl apply}
 * and, from the same generated CRD, by {@code cfscim validate} and {@code plan} (api/load/CelRules). Strings that a rule reads have a
 * {@code @Size} maximum: the API server refuses a CRD whose rules' estimated cost is unbounded.
 */
@JsonClassDescription("Which Cloudflare account, the token to reach it, which ScimUsers and ScimGroups it gets, and "
        + "the rules the operator follows there: what it may write, what counts as drift, and the safety "
        + "rails on deprovisions and role removals.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"accountId", "endpoint", "allowInsecureEndpoint", "tokenSecretRef", "groupMode",
        "provisioning", "assignments", "managementPolicy", "driftPolicy", "deletionPolicy", "unmanagedUsers",
        "deprovisionLimit", "deprovisionWindow", "roleRemovalLimit", "roleRemovalWindow", "resyncInterval",
        "requestBudget"})
@ValidationRule(value = ScimAppSpec.HTTPS_ENDPOINT_RULE, message = ScimAppSpec.HTTPS_ENDPOINT_MESSAGE)
@Getter
@Setter
public class ScimAppSpec {
    public static final String ACCOUNT_ID_PATTERN = "^[0-9a-f]{32}$";
    /** {@code {accountId}} is replaced by the account id; see {@link #resolvedEndpoint()}. */
    public static final String ACCOUNT_ID_PLACEHOLDER = "{accountId}";
    public static final String DEFAULT_ENDPOINT =
            "https://api.cloudflare.com/client/v4/accounts/" + ACCOUNT_ID_PLACEHOLDER + "/scim/v2";
    public static final int DEFAULT_DEPROVISION_LIMIT = 10;
    public static final String DEFAULT_REMOVAL_WINDOW = "1h";
    public static final int DEFAULT_ROLE_REMOVAL_LIMIT = 50;
    public static final String DEFAULT_RESYNC_INTERVAL = "10m";

    /** CEL, on the spec: an endpoint, when given, is https, or http with allowInsecureEndpoint. */
    public static final String HTTPS_ENDPOINT_RULE = "!has(self.endpoint) || self.endpoint.startsWith('https://')"
            + " || (has(self.allowInsecureEndpoint) && self.allowInsecureEndpoint && self.endpoint.startsWith('http://'))";
    public static final String HTTPS_ENDPOINT_MESSAGE =
            "endpoint must start with https:// (http:// only with allowInsecureEndpoint: true, for an emulator)";
    /** CEL, on accountId: a ScimApp stays on its account (another account is another ScimApp). */
    public static final String ACCOUNT_ID_IMMUTABLE_RULE = "self == oldSelf";
    public static final String ACCOUNT_ID_IMMUTABLE_MESSAGE =
            "accountId cannot be changed: create another ScimApp for another account";

    @Required
    @Pattern(ACCOUNT_ID_PATTERN)
    @Size(max = 32)
    @ValidationRule(value = ACCOUNT_ID_IMMUTABLE_RULE, message = ACCOUNT_ID_IMMUTABLE_MESSAGE)
    @JsonPropertyDescription("The Cloudflare account id: 32 lower-case hex characters. Cannot be changed.")
    private String accountId;

    @Size(max = 2048)
    @JsonPropertyDescription("The SCIM base URL. Defaults to Cloudflare's for the account; "
            + "{accountId} is replaced. http:// only with allowInsecureEndpoint.")
    private String endpoint;

    @Default("false")
    @JsonPropertyDescription("Allow an http:// endpoint (an emulator in tests).")
    private boolean allowInsecureEndpoint;

    @Required
    @JsonPropertyDescription("The Secret key holding an API token with the SCIM Provisioning permission.")
    private TokenSecretRef tokenSecretRef;

    // Today's Cloudflare by default: accounts have had user groups, not virtual role groups, since
    // 2 December 2025. VirtualGroups (the first model) is chosen explicitly and stays supported.
    @Default("UserGroups")
    @JsonPropertyDescription("UserGroups (the default, today's Cloudflare): custom user groups named after each "
            + "ScimGroup, with one policy per bound role. VirtualGroups: Cloudflare's per-role groups "
            + "CF-<accountId> - <Role Name> (accounts that still have them).")
    private GroupMode groupMode = GroupMode.UserGroups;

    @Default("{}") // so that the API server fills in the defaults inside, and kubectl shows them
    @JsonPropertyDescription("Which kinds of user writes are allowed.")
    private Provisioning provisioning = new Provisioning();

    @JsonPropertyDescription("Which ScimUsers are members of the account.")
    private Assignments assignments = new Assignments();

    @Default("Manage")
    @JsonPropertyDescription("Manage writes to Cloudflare; Observe only plans and reports.")
    private ManagementPolicy managementPolicy = ManagementPolicy.Manage;

    @Default("Correct")
    @JsonPropertyDescription("What to do about changes made in Cloudflare by hand: Correct or Report.")
    private DriftPolicy driftPolicy = DriftPolicy.Correct;

    @Default("Orphan")
    @JsonPropertyDescription("What deleting this ScimApp does to its users: Orphan or Deprovision.")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Orphan;

    @Default("Ignore")
    @JsonPropertyDescription("Remote members that no ScimUser declares: Ignore or Deprovision.")
    private UnmanagedUsersPolicy unmanagedUsers = UnmanagedUsersPolicy.Ignore;

    // A rate as two flat fields rather than one {count, per} object: existing ScimApps say
    // `deprovisionLimit: 10`, and a structural schema has no int-or-object type to accept both.
    @Default("10")
    @Min(0)
    @JsonPropertyDescription("At most this many deprovisions per deprovisionWindow, counted across reconciles, restarts "
            + "and causes; a single plan with more holds them all until allowed.")
    private int deprovisionLimit = DEFAULT_DEPROVISION_LIMIT;

    @Default(DEFAULT_REMOVAL_WINDOW)
    @Pattern(KubeDuration.PATTERN)
    @Size(max = KubeDuration.MAX_LENGTH)
    @ValidationRule(value = DurationRange.REMOVAL_WINDOW_RULE, message = DurationRange.REMOVAL_WINDOW_MESSAGE)
    @JsonPropertyDescription("The window deprovisionLimit counts in, such as 1h: from 1m to 720h.")
    private String deprovisionWindow = DEFAULT_REMOVAL_WINDOW;

    @Default("50")
    @Min(0)
    @JsonPropertyDescription("At most this many role memberships removed per roleRemovalWindow (deprovisions not "
            + "counted); a single plan with more holds them all until allowed.")
    private int roleRemovalLimit = DEFAULT_ROLE_REMOVAL_LIMIT;

    @Default(DEFAULT_REMOVAL_WINDOW)
    @Pattern(KubeDuration.PATTERN)
    @Size(max = KubeDuration.MAX_LENGTH)
    @ValidationRule(value = DurationRange.REMOVAL_WINDOW_RULE, message = DurationRange.REMOVAL_WINDOW_MESSAGE)
    @JsonPropertyDescription("The window roleRemovalLimit counts in, such as 1h: from 1m to 720h.")
    private String roleRemovalWindow = DEFAULT_REMOVAL_WINDOW;

    // No @Default here or on requestBudget: left out, the operator's own defaults apply (its
    // --default-resync-interval and --default-request-budget-* flags; 10m and 1200 per 5m at 90%
    // unless an administrator chose otherwise), which a schema default would hide.
    @Pattern(KubeDuration.PATTERN)
    @Size(max = KubeDuration.MAX_LENGTH)
    @ValidationRule(value = DurationRange.RESYNC_RULE, message = DurationRange.RESYNC_MESSAGE)
    @JsonPropertyDescription("How often to scan the account in full for drift, such as 10m, from 1s to 168h "
            + "(default: the operator's, 10m).")
    private String resyncInterval;

    @JsonPropertyDescription("The request budget of the token (default: the operator's, 1200 per 5m with headroom 0.9).")
    private RequestBudget requestBudget;

    /** What the app may do to members: {@link #getProvisioning()}, or the defaults when it names none. */
    public Provisioning resolvedProvisioning() {
        return provisioning == null ? new Provisioning() : provisioning;
    }

    /**
     * The SCIM base URL to call: {@link #getEndpoint()} or Cloudflare's default, with
     * {@value #ACCOUNT_ID_PLACEHOLDER} replaced by the account id and no trailing slash.
     */
    public String resolvedEndpoint() {
        String template = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.trim();
        String resolved = template.replace(ACCOUNT_ID_PLACEHOLDER, accountId == null ? "" : accountId);
        return resolved.endsWith("/") ? resolved.substring(0, resolved.length() - 1) : resolved;
    }

    /** Cloudflare's SCIM base URL for {@code accountId}. */
    public static String cloudflareEndpoint(String accountId) {
        return DEFAULT_ENDPOINT.replace(ACCOUNT_ID_PLACEHOLDER, accountId);
    }

    /**
     * The full-scan interval, 10m when left out; throws IllegalArgumentException when it is not a
     * duration within {@link DurationRange#RESYNC}.
     */
    public Duration resyncPeriod() {
        return resyncPeriod(KubeDuration.parse(DEFAULT_RESYNC_INTERVAL));
    }

    /** The full-scan interval, or {@code fallback} when left out. */
    public Duration resyncPeriod(Duration fallback) {
        return resyncInterval == null ? fallback : DurationRange.RESYNC.parse(resyncInterval);
    }

    /**
     * The deprovisionWindow (1h when left out); throws IllegalArgumentException when it is not a
     * duration within {@link DurationRange#REMOVAL_WINDOW}.
     */
    public Duration deprovisionPeriod() {
        return DurationRange.REMOVAL_WINDOW.parse(deprovisionWindow == null ? DEFAULT_REMOVAL_WINDOW : deprovisionWindow);
    }

    /** The roleRemovalWindow (1h when left out), as {@link #deprovisionPeriod()}. */
    public Duration roleRemovalPeriod() {
        return DurationRange.REMOVAL_WINDOW.parse(roleRemovalWindow == null ? DEFAULT_REMOVAL_WINDOW : roleRemovalWindow);
    }

    /** The request budget, or {@code fallback} when left out. */
    public RequestBudget requestBudgetOr(RequestBudget fallback) {
        return requestBudget == null ? fallback : requestBudget;
    }
}
