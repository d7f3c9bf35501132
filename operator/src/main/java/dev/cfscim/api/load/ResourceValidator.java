package dev.cfscim.api.load;

import dev.cfscim.api.Assignments;
import dev.cfscim.api.DurationRange;
import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.GroupRoleBindingSpec;
import dev.cfscim.api.LabelSelectors;
import dev.cfscim.api.RequestBudget;
import dev.cfscim.api.ResourceKey;
import dev.cfscim.api.RoleCatalog;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimGroupSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.Spelling;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.api.UserNameRules;
import dev.cfscim.scim.ApiToken;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@link ResourceSet} and reports every problem at once, each with its file, resource and
 * field. It checks what the CRD schema checks (so that {@code cfscim plan} fails where
 * {@code kubectl apply} would) and what no schema can: references, roles, duplicates.
 *
 * <p>Errors are what makes the declared state wrong or unsafe to act on; the command line stops on
 * them. Warnings are what the operator reports in status at run time and still acts on, or what is
 * legal but probably not meant. Where a rule is a warning, its method says why.
 *
 * <p>A Secret named by a tokenSecretRef but absent from the set is not a problem: the Secret is
 * meant to be created with kubectl, not kept in Git. When it is present, it must hold the key.
 */
public final class ResourceValidator {
    /** Cloudflare's limit: 1,200 requests per 5 minutes per token (Cloudflare's API rate limits). */
    static final double CLOUDFLARE_REQUESTS_PER_SECOND = 1200.0 / 300.0;
    /** Below this, full scans alone eat a large share of the request budget. */
    static final Duration SHORTEST_SENSIBLE_RESYNC = Duration.ofMinutes(1);

    private static final Pattern ACCOUNT_ID = Pattern.compile(ScimAppSpec.ACCOUNT_ID_PATTERN);
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$");
    private static final Pattern CLOUDFLARE_ACCOUNT_PATH = Pattern.compile("/accounts/([^/]+)/");
    private static final int SUGGESTIONS = 3;
    private static final int NAMES_IN_MESSAGE = 3;

    private final RoleCatalog roles;

    public ResourceValidator(RoleCatalog roles) {
        this.roles = roles;
    }

    /** A validator with the role catalog shipped in the jar. */
    public static ResourceValidator standard() {
        return new ResourceValidator(RoleCatalog.standard());
    }

    public Problems validate(ResourceSet set) {
        Run run = new Run(set);
        run.duplicateResources();
        set.all().forEach(run::metadata);
        set.apps().forEach(run::app);
        set.users().forEach(run::user);
        set.groups().forEach(run::group);
        set.bindings().forEach(run::binding);
        run.sharedAccounts();
        run.duplicateUserNames();
        run.duplicateBindings();
        run.boundGroupNames();
        return new Problems(run.problems);
    }

    /** One validation pass: the set and the problems found so far. */
    private final class Run {
        private final ResourceSet set;
        private final List<Problem> problems = new ArrayList<>();
        /** Each app's assigned userNames, worked out once: every binding of the app asks. */
        private final Map<ScimApp, Set<String>> assignedNames = new IdentityHashMap<>();

        Run(ResourceSet set) {
            this.set = set;
        }

        void error(HasMetadata resource, String field, String message) {
            problems.add(Problem.error(set.sourceOf(resource).orElse(null), ResourceKey.of(resource), field, message));
        }

        void holdingError(HasMetadata resource, String field, String message) {
            problems.add(new Problem(Severity.HOLDING_ERROR, set.sourceOf(resource).orElse(null),
                    ResourceKey.of(resource), field, message));
        }

        void warning(HasMetadata resource, String field, String message) {
            problems.add(Problem.warning(set.sourceOf(resource).orElse(null), ResourceKey.of(resource), field, message));
        }

        String where(HasMetadata resource) {
            return set.sourceOf(resource).map(s -> " (" + s + ")").orElse("");
        }

        // ---- every resource

        void duplicateResources() {
            Map<ResourceKey, HasMetadata> first = new HashMap<>();
            for (HasMetadata resource : set.all()) {
                HasMetadata earlier = first.putIfAbsent(ResourceKey.of(resource), resource);
                if (earlier != null) {
                    error(resource, "metadata.name", "declared twice; also at " + set.sourceOf(earlier).map(Source::toString)
                            .orElse("another document") + ": kubectl would keep only the last");
                }
            }
        }

        void metadata(HasMetadata resource) {
            String name = resource.getMetadata().getName();
            if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
                error(resource, "metadata.name", "'" + name + "' is not a valid name: lower-case letters, digits, '-' "
                        + "and '.', starting and ending with a letter or digit");
            }
            String namespace = ResourceSet.namespaceOf(resource);
            if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
                error(resource, "metadata.namespace", "'" + namespace + "' is not a valid namespace: lower-case letters, "
                        + "digits and '-', at most 63");
            }
            Map<String, String> labels = resource.getMetadata().getLabels();
            if (labels != null) {
                labels.forEach((key, value) -> {
                    labelKey(resource, "metadata.labels", key);
                    labelValue(resource, "metadata.labels." + key, value);
                });
            }
            if (!(resource instanceof Secret) && specOf(resource) == null) {
                error(resource, "spec", "spec is required");
            }
        }

        // ---- ScimApp

        void app(ScimApp app) {
            ScimAppSpec spec = app.getSpec();
            if (spec == null) {
                return;
            }
            accountId(app, spec);
            endpoint(app, spec);
            tokenSecretRef(app, spec.getTokenSecretRef());
            required(app, "spec.groupMode", spec.getGroupMode());
            required(app, "spec.provisioning", spec.getProvisioning());
            required(app, "spec.managementPolicy", spec.getManagementPolicy());
            required(app, "spec.driftPolicy", spec.getDriftPolicy());
            required(app, "spec.deletionPolicy", spec.getDeletionPolicy());
            required(app, "spec.unmanagedUsers", spec.getUnmanagedUsers());
            if (spec.getDeprovisionLimit() < 0) {
                error(app, "spec.deprovisionLimit", "must be 0 or more (0 holds every deprovision), got " + spec.getDeprovisionLimit());
            }
            if (spec.getRoleRemovalLimit() < 0) {
                error(app, "spec.roleRemovalLimit", "must be 0 or more (0 holds every role removal), got "
                        + spec.getRoleRemovalLimit());
            }
            removalWindow(app, "spec.deprovisionWindow", spec.getDeprovisionWindow());
            removalWindow(app, "spec.roleRemovalWindow", spec.getRoleRemovalWindow());
            allowance(app, ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, "deprovisions", "deprovisionLimit");
            allowance(app, ScimApp.ALLOW_ROLE_REMOVALS_ANNOTATION, "role removals", "roleRemovalLimit");
            resyncInterval(app, spec.getResyncInterval());
            requestBudget(app, spec.getRequestBudget());
            assignments(app, spec.getAssignments());
        }

        /** An allowance nobody can read allows nothing, and says so rather than planning as if it were absent. */
        void allowance(ScimApp app, String annotation, String noun, String limit) {
            if (app.allowance(annotation).isEmpty()) {
                error(app, "metadata.annotations[" + annotation + "]", "'" + app.getMetadata().getAnnotations()
                        .get(annotation) + "' is not a whole number of 0 or more: the " + noun + " allowed once on top of "
                        + limit);
            }
        }

        void accountId(ScimApp app, ScimAppSpec spec) {
            String id = spec.getAccountId();
            if (id == null || id.isBlank()) {
                error(app, "spec.accountId", "the Cloudflare account id is required");
            } else if (!ACCOUNT_ID.matcher(id).matches()) {
                String hint = ACCOUNT_ID.matcher(id.strip().toLowerCase(Locale.ROOT)).matches()
                        ? "write it in lower case, without spaces"
                        : id.length() != 32 ? "it has " + id.length() + " characters"
                        : "it has characters other than 0-9 and a-f";
                error(app, "spec.accountId", "'" + id + "' is not a Cloudflare account id (32 lower-case hex characters): "
                        + hint);
            }
        }

        void endpoint(ScimApp app, ScimAppSpec spec) {
            if (spec.getEndpoint() == null) {
                return; // Cloudflare's own, https
            }
            if (spec.getEndpoint().isBlank()) {
                error(app, "spec.endpoint", "must not be empty: omit it to use Cloudflare's endpoint");
                return;
            }
            URI uri;
            try {
                uri = new URI(spec.resolvedEndpoint());
            } catch (URISyntaxException e) {
                error(app, "spec.endpoint", "'" + spec.getEndpoint() + "' is not a URL: " + e.getReason());
                return;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                error(app, "spec.endpoint", "'" + spec.getEndpoint() + "' is not an http(s) URL with a host");
                return;
            }
            if (scheme.equals("http") && !spec.isAllowInsecureEndpoint()) {
                error(app, "spec.endpoint", "'" + spec.getEndpoint() + "' is not https: the token would travel in clear; "
                        + "set allowInsecureEndpoint: true only for an emulator");
            }
            if ("api.cloudflare.com".equalsIgnoreCase(uri.getHost()) && spec.getAccountId() != null) {
                Matcher account = CLOUDFLARE_ACCOUNT_PATH.matcher(uri.getPath() == null ? "" : uri.getPath() + "/");
                if (account.find() && !account.group(1).equals(spec.getAccountId())) {
                    // A warning: Cloudflare will refuse the token or the path, and status will say so.
                    warning(app, "spec.endpoint", "names account " + account.group(1) + " but spec.accountId is "
                            + spec.getAccountId());
                }
            }
        }

        void tokenSecretRef(ScimApp app, TokenSecretRef ref) {
            if (ref == null) {
                error(app, "spec.tokenSecretRef", "required: the Secret and key that hold the API token");
                return;
            }
            if (ref.getName() == null || ref.getName().isBlank()) {
                error(app, "spec.tokenSecretRef.name", "the Secret's name is required");
                return;
            }
            if (ref.getKey() == null || ref.getKey().isBlank()) {
                error(app, "spec.tokenSecretRef.key", "must not be empty (the default is '" + TokenSecretRef.DEFAULT_KEY + "')");
                return;
            }
            set.secret(ResourceSet.namespaceOf(app), ref.getName()).ifPresent(secret -> {
                String key = ref.getKey();
                boolean inStringData = secret.getStringData() != null && secret.getStringData().get(key) != null;
                boolean inData = secret.getData() != null && secret.getData().get(key) != null;
                if (!inStringData && !inData) {
                    error(app, "spec.tokenSecretRef.key", "Secret " + ref.getName() + where(secret) + " has no key '" + key + "'");
                } else if (!inStringData && !isBase64(secret.getData().get(key))) {
                    error(secret, "data." + key, "is not base64; put a plain value under stringData instead");
                } else {
                    // Never the token itself: the problem names the position of a bad character.
                    ResourceSet.secretValue(secret, key).flatMap(ApiToken::problem).ifPresent(problem ->
                            error(secret, (inStringData ? "stringData." : "data.") + key, "the token " + problem));
                }
            });
        }

        void resyncInterval(ScimApp app, String interval) {
            Duration period = interval == null ? null : duration(app, "spec.resyncInterval", interval, DurationRange.RESYNC);
            if (period != null && period.compareTo(SHORTEST_SENSIBLE_RESYNC) < 0) {
                // Legal, but every scan reads the whole account: N/100 + G requests each time.
                warning(app, "spec.resyncInterval", interval + " is shorter than 1m: each full scan reads every user and group "
                        + "and spends the request budget");
            }
        }

        /** A rate limit's window: within {@link DurationRange#REMOVAL_WINDOW}; left out, it is 1h. */
        void removalWindow(ScimApp app, String field, String window) {
            if (window != null) {
                duration(app, field, window, DurationRange.REMOVAL_WINDOW);
            }
        }

        /** The duration {@code text} says, or null after an error when it is none or outside {@code range}. */
        Duration duration(ScimApp app, String field, String text, DurationRange range) {
            try {
                return range.parse(text);
            } catch (IllegalArgumentException e) {
                error(app, field, e.getMessage());
                return null;
            }
        }

        void requestBudget(ScimApp app, RequestBudget budget) {
            if (budget == null) {
                return;
            }
            if (budget.getRequests() < 1) {
                error(app, "spec.requestBudget.requests", "must be 1 or more, got " + budget.getRequests());
            }
            Duration window = duration(app, "spec.requestBudget.per", budget.getPer(), DurationRange.REQUEST_WINDOW);
            double headroom = budget.getHeadroom();
            boolean headroomValid = headroom > 0 && headroom <= 1;
            if (!headroomValid) {
                error(app, "spec.requestBudget.headroom", "must be more than 0 and at most 1, got " + headroom);
            }
            if (window != null && headroomValid && budget.getRequests() >= 1) {
                double perSecond = budget.getRequests() * headroom / (window.toMillis() / 1000.0);
                if (perSecond > CLOUDFLARE_REQUESTS_PER_SECOND * 1.0001) {
                    // A warning: the operator can be told to go faster (an emulator, a raised limit), but on
                    // Cloudflare going over blocks every call on the token for five minutes.
                    warning(app, "spec.requestBudget", String.format(Locale.ROOT,
                            "allows %.1f requests a second, more than Cloudflare's 1,200 per 5 minutes (4 a second); "
                                    + "going over blocks the token for five minutes", perSecond));
                }
            }
        }

        void assignments(ScimApp app, Assignments assignments) {
            String namespace = ResourceSet.namespaceOf(app);
            if (assignments == null) {
                assignments = new Assignments();
            }
            List<String> users = nonNull(assignments.getUsers());
            List<String> groups = nonNull(assignments.getGroups());
            // Holding errors: the plan holds whatever may depend on them (no member leaves for being
            // unassigned), as the operator does when a referenced resource is deleted.
            references(app, "spec.assignments.users", users, ScimUser.KIND,
                    names(set.usersIn(namespace)), Severity.HOLDING_ERROR);
            references(app, "spec.assignments.groups", groups, ScimGroup.KIND,
                    names(set.groupsIn(namespace)), Severity.HOLDING_ERROR);
            selector(app, "spec.assignments.userSelector", assignments.getUserSelector());
            if (users.isEmpty() && groups.isEmpty() && assignments.getUserSelector() == null) {
                // A warning: an app may be declared before its users, but it provisions nobody.
                warning(app, "spec.assignments", "assigns no users: name users or groups, or give a userSelector");
            }
        }

        // ---- ScimUser

        void user(ScimUser user) {
            ScimUserSpec spec = user.getSpec();
            if (spec == null) {
                return;
            }
            // The operator refuses the same userNames, for the same reasons (UserNameRules).
            UserNameRules.refusal(spec).ifPresent(refusal -> error(user, "spec.userName", refusal.message()));
        }

        void duplicateUserNames() {
            // Cloudflare (and SCIM, RFC 7643) compares userName case-insensitively: two ScimUsers with one
            // address would fight over one member.
            Map<String, ScimUser> first = new HashMap<>();
            for (ScimUser user : set.users()) {
                if (user.getSpec() == null || user.getSpec().getUserName() == null) {
                    continue;
                }
                String key = ResourceSet.namespaceOf(user) + "/" + user.getSpec().getUserName().strip().toLowerCase(Locale.ROOT);
                ScimUser earlier = first.putIfAbsent(key, user);
                if (earlier != null && !ResourceKey.of(earlier).equals(ResourceKey.of(user))) {
                    // Holding: the plan holds that user's changes, as the operator does, and goes on.
                    holdingError(user, "spec.userName", "'" + user.getSpec().getUserName() + "' is also the userName of ScimUser "
                            + earlier.getMetadata().getName() + where(earlier) + " (userNames are compared ignoring case)");
                }
            }
        }

        // ---- ScimGroup

        void group(ScimGroup group) {
            if (group.getSpec() == null) {
                return;
            }
            String displayName = group.getSpec().getDisplayName();
            if (displayName == null || displayName.isBlank()) {
                error(group, "spec.displayName", "required and must not be empty");
            }
            // A warning, not an error: the operator reports such members in status.unknownMembers and the
            // group still works for everyone else; a name that matches no one grants nothing, so it is
            // safe, and a group may name people whose ScimUser lands in a later commit.
            references(group, "spec.members", nonNull(group.getSpec().getMembers()), ScimUser.KIND,
                    names(set.usersIn(ResourceSet.namespaceOf(group))), Severity.WARNING);
            selector(group, "spec.memberSelector", group.getSpec().getMemberSelector());
        }

        // ---- GroupRoleBinding

        void binding(GroupRoleBinding binding) {
            GroupRoleBindingSpec spec = binding.getSpec();
            if (spec == null) {
                return;
            }
            String namespace = ResourceSet.namespaceOf(binding);
            reference(binding, "spec.appRef", spec.getAppRef(), ScimApp.KIND, names(set.appsIn(namespace)), Severity.ERROR);
            reference(binding, "spec.groupRef", spec.getGroupRef(), ScimGroup.KIND, names(set.groupsIn(namespace)),
                    Severity.HOLDING_ERROR);
            role(binding, spec.getRole());
            membersAssigned(binding, spec);
        }

        void role(GroupRoleBinding binding, String role) {
            if (role == null || role.isBlank()) {
                error(binding, "spec.role", "the Cloudflare role is required, such as 'Administrator Read Only'");
                return;
            }
            if (roles.isAccountScoped(role)) {
                return;
            }
            List<String> nearest = roles.nearest(role, SUGGESTIONS);
            String alternatives = nearest.isEmpty() ? "" : "; nearest account-scoped roles: " + String.join(", ", nearest);
            if (roles.isDomainScoped(role)) {
                error(binding, "spec.role", "'" + role + "' is a domain-scoped role: SCIM can provision only account-scoped "
                        + "roles (grant domain roles in the dashboard)" + alternatives);
                return;
            }
            String canonical = roles.canonical(role).orElse(null);
            if (canonical != null) {
                error(binding, "spec.role", "'" + role + "' must be spelled exactly '" + canonical + "': Cloudflare matches role "
                        + "names exactly");
            } else {
                error(binding, "spec.role", "'" + role + "' is not a Cloudflare account-scoped role" + alternatives);
            }
        }

        void membersAssigned(GroupRoleBinding binding, GroupRoleBindingSpec spec) {
            String namespace = ResourceSet.namespaceOf(binding);
            ScimApp app = set.app(namespace, spec.getAppRef()).orElse(null);
            ScimGroup group = set.group(namespace, spec.getGroupRef()).orElse(null);
            if (app == null || group == null) {
                return;
            }
            Set<String> assigned = assignedNames.computeIfAbsent(app, set::assignedNames);
            List<String> notAssigned = names(set.members(group)).stream().filter(n -> !assigned.contains(n)).toList();
            if (!notAssigned.isEmpty()) {
                // A warning: the operator reports this as MembersNotAssigned and grants the role to the
                // assigned members; assigning a user is a separate, deliberate act.
                warning(binding, "spec.groupRef", notAssigned.size() + " member(s) of ScimGroup " + group.getMetadata().getName()
                        + " are not assigned to ScimApp " + app.getMetadata().getName() + " and will not get the role: "
                        + firstNames(notAssigned));
            }
        }

        void duplicateBindings() {
            Map<String, GroupRoleBinding> first = new HashMap<>();
            for (GroupRoleBinding binding : set.bindings()) {
                GroupRoleBindingSpec spec = binding.getSpec();
                if (spec == null || spec.getAppRef() == null || spec.getGroupRef() == null || spec.getRole() == null) {
                    continue;
                }
                String key = String.join("\u0000", ResourceSet.namespaceOf(binding), spec.getAppRef(), spec.getGroupRef(),
                        spec.getRole());
                GroupRoleBinding earlier = first.putIfAbsent(key, binding);
                if (earlier != null && !ResourceKey.of(earlier).equals(ResourceKey.of(binding))) {
                    error(binding, "spec.role", "GroupRoleBinding " + earlier.getMetadata().getName() + where(earlier)
                            + " already binds ScimGroup " + spec.getGroupRef() + " to '" + spec.getRole() + "' in ScimApp "
                            + spec.getAppRef());
                }
            }
        }

        /**
         * Per app, the groups bound in it: their displayNames must differ (ignoring case), since in
         * UserGroups mode each is the name of a Cloudflare user group, and in either mode two groups
         * with one name make plans and status ambiguous. In UserGroups mode, names must not start with
         * CF, which Cloudflare reserves.
         */
        void boundGroupNames() {
            for (ScimApp app : set.apps()) {
                String namespace = ResourceSet.namespaceOf(app);
                Map<String, ScimGroup> byName = new LinkedHashMap<>();
                for (GroupRoleBinding binding : set.bindingsOf(app)) {
                    ScimGroup group = set.group(namespace, binding.getSpec().getGroupRef()).orElse(null);
                    if (group == null || group.getSpec() == null || group.getSpec().getDisplayName() == null) {
                        continue;
                    }
                    String displayName = group.getSpec().getDisplayName();
                    ScimGroup earlier = byName.putIfAbsent(displayName.strip().toLowerCase(Locale.ROOT), group);
                    if (earlier != null && earlier != group) {
                        error(group, "spec.displayName", "'" + displayName + "' is also the displayName of ScimGroup "
                                + earlier.getMetadata().getName() + where(earlier) + "; both are bound in ScimApp "
                                + app.getMetadata().getName());
                        byName.put(displayName.strip().toLowerCase(Locale.ROOT), earlier);
                    }
                    if (earlier == null && app.getSpec() != null && app.getSpec().getGroupMode() == GroupMode.UserGroups
                            && ScimGroupSpec.isReservedName(displayName)) {
                        error(group, "spec.displayName", "'" + displayName + "' begins with CF, which Cloudflare reserves for its "
                                + "own groups; ScimApp " + app.getMetadata().getName() + " pushes it as a user group (UserGroups mode)");
                    }
                }
            }
        }

        void sharedAccounts() {
            // Two apps on one account each write only what they created or adopted (their tag in its
            // externalId), so neither undoes the other's work; said, as the operator's AccountShared is.
            Map<String, ScimApp> first = new HashMap<>();
            for (ScimApp app : set.apps()) {
                if (app.getSpec() == null || app.getSpec().getAccountId() == null) {
                    continue;
                }
                ScimApp earlier = first.putIfAbsent(app.getSpec().getAccountId(), app);
                if (earlier != null && !ResourceKey.of(earlier).equals(ResourceKey.of(app))) {
                    warning(app, "spec.accountId", "account " + app.getSpec().getAccountId() + " is also managed by "
                            + ResourceKey.of(earlier) + where(earlier) + ": each writes only the members and user "
                            + "groups it created or adopted, and leaves the other's alone (OwnedElsewhere)");
                }
            }
        }

        // ---- shared pieces

        void references(HasMetadata from, String field, List<String> names, String kind, List<String> known,
                Severity missing) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String at = field + "[" + i + "]";
                if (name != null && !seen.add(name)) {
                    warning(from, at, "'" + name + "' is listed twice");
                    continue;
                }
                reference(from, at, name, kind, known, missing);
            }
        }

        void reference(HasMetadata from, String field, String name, String kind, List<String> known, Severity missing) {
            if (name == null || name.isBlank()) {
                error(from, field, "the name of a " + kind + " is required");
                return;
            }
            if (known.contains(name)) {
                return;
            }
            String message = "no " + kind + " named '" + name + "' in namespace " + ResourceSet.namespaceOf(from)
                    + Spelling.didYouMean(Spelling.suggest(name, known, SUGGESTIONS));
            if (missing == Severity.ERROR) {
                error(from, field, message);
            } else if (missing == Severity.HOLDING_ERROR) {
                holdingError(from, field, message);
            } else {
                warning(from, field, message);
            }
        }

        void selector(HasMetadata resource, String field, LabelSelector selector) {
            if (selector == null) {
                return;
            }
            if (LabelSelectors.isEmpty(selector)) {
                // Legal (Kubernetes' "match everything"), but rarely what `userSelector: {}` means.
                warning(resource, field, "is empty, so it matches every ScimUser in namespace " + ResourceSet.namespaceOf(resource));
            }
            if (selector.getMatchLabels() != null) {
                selector.getMatchLabels().forEach((key, value) -> {
                    labelKey(resource, field + ".matchLabels", key);
                    labelValue(resource, field + ".matchLabels." + key, value);
                });
            }
            List<LabelSelectorRequirement> expressions = nonNull(selector.getMatchExpressions());
            for (int i = 0; i < expressions.size(); i++) {
                LabelSelectorRequirement requirement = expressions.get(i);
                String at = field + ".matchExpressions[" + i + "]";
                if (requirement.getKey() == null || requirement.getKey().isBlank()) {
                    error(resource, at + ".key", "required");
                } else {
                    labelKey(resource, at + ".key", requirement.getKey());
                }
                String operator = requirement.getOperator();
                List<String> values = nonNull(requirement.getValues());
                if (!LabelSelectors.OPERATORS.contains(operator)) {
                    error(resource, at + ".operator", "'" + operator + "' is not one of " + String.join(", ", LabelSelectors.OPERATORS)
                            + Spelling.didYouMean(operator == null ? List.of() : Spelling.suggest(operator, LabelSelectors.OPERATORS, 1)));
                } else if ((operator.equals("In") || operator.equals("NotIn")) && values.isEmpty()) {
                    error(resource, at + ".values", operator + " needs at least one value");
                } else if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && !values.isEmpty()) {
                    error(resource, at + ".values", operator + " takes no values");
                }
                for (int v = 0; v < values.size(); v++) {
                    labelValue(resource, at + ".values[" + v + "]", values.get(v));
                }
            }
        }

        void labelKey(HasMetadata resource, String field, String key) {
            String name = key;
            int slash = key.indexOf('/');
            if (slash >= 0) {
                String prefix = key.substring(0, slash);
                name = key.substring(slash + 1);
                if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                    error(resource, field, "label key '" + key + "' has an invalid prefix: it must be a DNS subdomain");
                    return;
                }
            }
            if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
                error(resource, field, "label key '" + key + "' is invalid: at most 63 letters, digits, '-', '_' or '.', "
                        + "starting and ending with a letter or digit");
            }
        }

        void labelValue(HasMetadata resource, String field, String value) {
            if (value == null || value.length() > 63 || !LABEL_NAME.matcher(value).matches()) {
                error(resource, field, "label value '" + value + "' is invalid: at most 63 letters, digits, '-', '_' or '.', "
                        + "starting and ending with a letter or digit");
            }
        }

        void required(HasMetadata resource, String field, Object value) {
            if (value == null) {
                error(resource, field, "must not be null");
            }
        }
    }

    private static Object specOf(HasMetadata resource) {
        if (resource instanceof ScimApp app) return app.getSpec();
        if (resource instanceof ScimUser user) return user.getSpec();
        if (resource instanceof ScimGroup group) return group.getSpec();
        if (resource instanceof GroupRoleBinding binding) return binding.getSpec();
        return null;
    }

    private static boolean isBase64(String value) {
        try {
            Base64.getMimeDecoder().decode(value.strip());
            return value.strip().matches("^[A-Za-z0-9+/=\\s]*$");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> names(List<? extends HasMetadata> resources) {
        return resources.stream().map(r -> r.getMetadata().getName()).toList();
    }

    private static String firstNames(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_IN_MESSAGE, names.size())));
        return names.size() > NAMES_IN_MESSAGE ? shown + " and " + (names.size() - NAMES_IN_MESSAGE) + " more" : shown;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
