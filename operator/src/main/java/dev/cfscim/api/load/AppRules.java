package dev.cfscim.api.load;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.DurationRange;
import dev.cfscim.api.RequestBudget;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.scim.ApiToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ScimApp beyond its schema: the token its Secret holds (when the Secret is in the set: it is
 * meant to be created with kubectl, not kept in Git), whom it assigns, and the warnings about what is
 * legal but probably not meant: an endpoint that names another account, a resync that spends the
 * budget on scans, a budget above Cloudflare's, two apps on one account.
 */
final class AppRules {
    /** Cloudflare's limit: 1,200 requests per 5 minutes per token (Cloudflare's API rate limits). */
    static final double CLOUDFLARE_REQUESTS_PER_SECOND = 1200.0 / 300.0;
    /** Below this, full scans alone eat a large share of the request budget. */
    static final Duration SHORTEST_SENSIBLE_RESYNC = Duration.ofMinutes(1);
    private static final Pattern CLOUDFLARE_ACCOUNT_PATH = Pattern.compile("/accounts/([^/]+)/");

    private AppRules() {
    }

    static void app(ScimApp app, Findings out) {
        ScimAppSpec spec = app.getSpec();
        if (spec == null) {
            return;
        }
        endpoint(app, spec, out);
        tokenSecret(app, spec.getTokenSecretRef(), out);
        resyncInterval(app, spec.getResyncInterval(), out);
        requestBudget(app, spec.getRequestBudget(), out);
        assignments(app, spec.getAssignments(), out);
    }

    /** Warnings only: whether the endpoint is https (or allowed http) is the CRD's rule. */
    private static void endpoint(ScimApp app, ScimAppSpec spec, Findings out) {
        if (spec.getEndpoint() == null || spec.getEndpoint().isBlank()) {
            return;
        }
        URI uri;
        try {
            uri = new URI(spec.resolvedEndpoint());
        } catch (URISyntaxException e) {
            out.warning(app, "spec.endpoint", "'" + spec.getEndpoint() + "' is not a URL: " + e.getReason()
                    + "; the operator will not reach it");
            return;
        }
        if (uri.getHost() == null) {
            out.warning(app, "spec.endpoint", "'" + spec.getEndpoint() + "' has no host; the operator will not reach it");
            return;
        }
        if ("api.cloudflare.com".equalsIgnoreCase(uri.getHost()) && spec.getAccountId() != null) {
            Matcher account = CLOUDFLARE_ACCOUNT_PATH.matcher(uri.getPath() == null ? "" : uri.getPath() + "/");
            if (account.find() && !account.group(1).equals(spec.getAccountId())) {
                // A warning: Cloudflare will refuse the token or the path, and status will say so.
                out.warning(app, "spec.endpoint", "names account " + account.group(1) + " but spec.accountId is "
                        + spec.getAccountId());
            }
        }
    }

    /** The Secret named, if the set has it, must hold a key with a token in it. */
    private static void tokenSecret(ScimApp app, TokenSecretRef ref, Findings out) {
        if (ref == null || ref.getName() == null || ref.getKey() == null || ref.getKey().isEmpty()) {
            return; // the schema's to say
        }
        out.set().secret(ResourceSet.namespaceOf(app), ref.getName()).ifPresent(secret -> {
            String key = ref.getKey();
            boolean inStringData = secret.getStringData() != null && secret.getStringData().get(key) != null;
            boolean inData = secret.getData() != null && secret.getData().get(key) != null;
            if (!inStringData && !inData) {
                out.error(app, "spec.tokenSecretRef.key", "Secret " + ref.getName() + out.where(secret) + " has no key '" + key + "'");
            } else if (!inStringData && !isBase64(secret.getData().get(key))) {
                out.error(secret, "data." + key, "is not base64; put a plain value under stringData instead");
            } else {
                // Never the token itself: the problem names the position of a bad character.
                ResourceSet.secretValue(secret, key).flatMap(ApiToken::problem).ifPresent(problem ->
                        out.error(secret, (inStringData ? "stringData." : "data.") + key, "the token " + problem));
            }
        });
    }

    private static void resyncInterval(ScimApp app, String interval, Findings out) {
        Optional<Duration> period = within(interval, DurationRange.RESYNC);
        if (period.isPresent() && period.get().compareTo(SHORTEST_SENSIBLE_RESYNC) < 0) {
            // Legal, but every scan reads the whole account: N/100 + G requests each time.
            out.warning(app, "spec.resyncInterval", interval + " is shorter than 1m: each full scan reads every user and group "
                    + "and spends the request budget");
        }
    }

    private static void requestBudget(ScimApp app, RequestBudget budget, Findings out) {
        if (budget == null) {
            return;
        }
        Optional<Duration> window = within(budget.getPer(), DurationRange.REQUEST_WINDOW);
        double headroom = budget.getHeadroom();
        if (window.isEmpty() || headroom <= 0 || headroom > 1 || budget.getRequests() < 1) {
            return; // refused by the schema or its rules
        }
        double perSecond = budget.getRequests() * headroom / (window.get().toMillis() / 1000.0);
        if (perSecond > CLOUDFLARE_REQUESTS_PER_SECOND * 1.0001) {
            // A warning: the operator can be told to go faster (an emulator, a raised limit), but on
            // Cloudflare going over blocks every call on the token for five minutes.
            out.warning(app, "spec.requestBudget", String.format(Locale.ROOT,
                    "allows %.1f requests a second, more than Cloudflare's 1,200 per 5 minutes (4 a second); "
                            + "going over blocks the token for five minutes", perSecond));
        }
    }

    /** The duration, when it is one within the range; else empty, and the CRD's rule refuses it. */
    private static Optional<Duration> within(String text, DurationRange range) {
        try {
            return text == null ? Optional.empty() : Optional.of(range.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void assignments(ScimApp app, Assignments assignments, Findings out) {
        String namespace = ResourceSet.namespaceOf(app);
        Assignments given = assignments == null ? new Assignments() : assignments;
        List<String> users = given.getUsers() == null ? List.of() : given.getUsers();
        List<String> groups = given.getGroups() == null ? List.of() : given.getGroups();
        // Holding errors: the plan holds whatever may depend on them (no member leaves for being
        // unassigned), as the operator does when a referenced resource is deleted.
        ReferenceRules.references(app, "spec.assignments.users", users, ScimUser.KIND,
                ReferenceRules.names(out.set().usersIn(namespace)), Severity.HOLDING_ERROR, out);
        ReferenceRules.references(app, "spec.assignments.groups", groups, ScimGroup.KIND,
                ReferenceRules.names(out.set().groupsIn(namespace)), Severity.HOLDING_ERROR, out);
        SelectorRules.selector(app, "spec.assignments.userSelector", given.getUserSelector(), out);
        if (users.isEmpty() && groups.isEmpty() && given.getUserSelector() == null) {
            // A warning: an app may be declared before its users, but it provisions nobody.
            out.warning(app, "spec.assignments", "assigns no users: name users or groups, or give a userSelector");
        }
    }

    static void sharedAccounts(Findings out) {
        // Two apps on one account each write only what they created or adopted (their tag in its
        // externalId), so neither undoes the other's work; said, as the operator's AccountShared is.
        Map<String, ScimApp> first = new HashMap<>();
        for (ScimApp app : out.set().apps()) {
            if (app.getSpec() == null || app.getSpec().getAccountId() == null) {
                continue;
            }
            ScimApp earlier = first.putIfAbsent(app.getSpec().getAccountId(), app);
            if (earlier != null && !ResourceKey.of(earlier).equals(ResourceKey.of(app))) {
                out.warning(app, "spec.accountId", "account " + app.getSpec().getAccountId() + " is also managed by "
                        + ResourceKey.of(earlier) + out.where(earlier) + ": each writes only the members and user "
                        + "groups it created or adopted, and leaves the other's alone (OwnedElsewhere)");
            }
        }
    }

    private static boolean isBase64(String value) {
        try {
            Base64.getMimeDecoder().decode(value.strip());
            return value.strip().matches("^[A-Za-z0-9+/=\\s]*$");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
