package dev.cfscim.scim;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@link CloudflareAccount} over HTTP: Cloudflare's SCIM users and groups and its v4 IAM API,
 * sharing one transport (the token's {@link TokenBudget}, retries, rate limits, typed failures).
 */
public final class CloudflareScimClient implements CloudflareAccount {

    /**
     * How the client talks: timeouts, retries, how long it waits out a 429 itself, batch sizes, and
     * how little it trusts the server: {@code callTimeout} bounds one request whole (connect, send,
     * wait, read the body), {@code maxResponseBytes} one answer's body, {@code maxPages} one scan.
     */
    public record Settings(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration baseBackoff,
                           Duration maxBackoff, Duration maxRateLimitWait, int pageSize, int membersPerPatch,
                           Duration callTimeout, long maxResponseBytes, int maxPages) {

        /** One minute for a whole call: longer than any honest answer, short enough that a drip fails. */
        public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
        /** 16 MiB: a page of 100 users is some 50 KiB, so only a broken or hostile server comes near. */
        public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
        /** 10,000 pages: a million users at 100 a page, far past any account. */
        public static final int DEFAULT_MAX_PAGES = 10_000;

        public Settings {
            if (callTimeout.isNegative() || maxResponseBytes <= 0 || maxPages <= 0) {
                throw new IllegalArgumentException("callTimeout cannot be negative; maxResponseBytes and maxPages "
                        + "must be positive");
            }
        }

        /** The settings of a client that trusts its server only as far as the defaults allow. */
        public Settings(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration baseBackoff,
                        Duration maxBackoff, Duration maxRateLimitWait, int pageSize, int membersPerPatch) {
            this(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, maxRateLimitWait, pageSize,
                    membersPerPatch, DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_PAGES);
        }

        /** Okta's 60 s read timeout; five attempts; a 429 is waited out when it asks for 5 minutes or less. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), 5, Duration.ofMillis(250),
                    Duration.ofSeconds(15), Duration.ofMinutes(5), 100, 100);
        }

        public Settings withMaxRateLimitWait(Duration wait) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, wait, pageSize,
                    membersPerPatch, callTimeout, maxResponseBytes, maxPages);
        }

        public Settings withBackoff(Duration base, Duration max) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, base, max, maxRateLimitWait, pageSize,
                    membersPerPatch, callTimeout, maxResponseBytes, maxPages);
        }

        /** A deadline on each request whole (zero: none, as OkHttp reads it). */
        public Settings withCallTimeout(Duration timeout) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, maxRateLimitWait,
                    pageSize, membersPerPatch, timeout, maxResponseBytes, maxPages);
        }

        public Settings withMaxResponseBytes(long bytes) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, maxRateLimitWait,
                    pageSize, membersPerPatch, callTimeout, bytes, maxPages);
        }

        public Settings withMaxPages(int pages) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, maxRateLimitWait,
                    pageSize, membersPerPatch, callTimeout, maxResponseBytes, pages);
        }

        public Settings withMaxAttempts(int attempts) {
            return new Settings(connectTimeout, readTimeout, attempts, baseBackoff, maxBackoff, maxRateLimitWait,
                    pageSize, membersPerPatch, callTimeout, maxResponseBytes, maxPages);
        }

        public Settings withPageSize(int size) {
            return new Settings(connectTimeout, readTimeout, maxAttempts, baseBackoff, maxBackoff, maxRateLimitWait,
                    size, membersPerPatch, callTimeout, maxResponseBytes, maxPages);
        }
    }

    /** Told of every answer (or lost connection), for metrics and for tests that count requests. */
    @FunctionalInterface
    public interface RequestObserver {
        void answered(String method, String route, int status, Duration elapsed);

        RequestObserver NONE = (method, route, status, elapsed) -> { };
    }

    private final ApiToken token;
    private final CloudflareTransport transport;
    private final ScimDirectory scim;
    private final CloudflareIam iam;

    public CloudflareScimClient(String scimBaseUrl, ApiToken token, TokenBudget budget, Settings settings,
                                RequestObserver observer) {
        this.token = token;
        this.transport = new CloudflareTransport(scimBaseUrl, token, budget, settings, observer);
        this.scim = new ScimDirectory(transport);
        this.iam = new CloudflareIam(transport);
    }

    /** Requests this client has sent, retries included. */
    public long requestsSent() {
        return transport.requestsSent();
    }

    public String baseUrl() {
        return transport.baseUrl();
    }

    // ---- members ----------------------------------------------------------------------------------

    @Override
    public List<RemoteUser> listUsers() {
        return answer(() -> scim.listUsers());
    }

    @Override
    public Optional<RemoteUser> findUser(String userName) {
        return answer(() -> scim.findUser(userName));
    }

    @Override
    public Optional<RemoteUser> getUser(String id) {
        return answer(() -> scim.getUser(id));
    }

    @Override
    public RemoteUser createUser(NewUser user) {
        return answer(() -> scim.createUser(user));
    }

    @Override
    public RemoteUser updateUser(RemoteUser current, UserUpdate update) {
        return answer(() -> scim.updateUser(current, update));
    }

    @Override
    public RemoteUser setActive(String id, boolean active) {
        return answer(() -> scim.setActive(id, active));
    }

    // ---- SCIM groups ------------------------------------------------------------------------------

    @Override
    public List<RemoteGroup> listGroups() {
        return answer(() -> scim.listGroups());
    }

    @Override
    public Optional<RemoteGroup> findGroup(String displayName) {
        return answer(() -> scim.findGroup(displayName));
    }

    @Override
    public RemoteGroup createGroup(String displayName, String externalId) {
        return answer(() -> scim.createGroup(displayName, externalId));
    }

    @Override
    public void claimGroup(String groupId, String externalId) {
        perform(() -> scim.claimGroup(groupId, externalId));
    }

    @Override
    public void renameGroup(String groupId, String displayName) {
        perform(() -> scim.renameGroup(groupId, displayName));
    }

    @Override
    public void deleteGroup(String groupId) {
        perform(() -> scim.deleteGroup(groupId));
    }

    @Override
    public void addMembers(String groupId, Collection<String> userIds) {
        perform(() -> scim.addMembers(groupId, userIds));
    }

    @Override
    public void removeMembers(String groupId, Collection<String> userIds) {
        perform(() -> scim.removeMembers(groupId, userIds));
    }

    // ---- IAM roles beside SCIM --------------------------------------------------------------------

    @Override
    public Set<String> superAdministratorsOutsideScim(String accountScopeKey) {
        return answer(() -> iam.superAdministratorsOutsideScim(accountScopeKey));
    }

    @Override
    public Map<String, String> permissionGroups() {
        return answer(() -> iam.permissionGroups());
    }

    @Override
    public List<RemoteUserGroup> listUserGroups(String accountScopeKey) {
        return answer(() -> iam.listUserGroups(accountScopeKey));
    }

    @Override
    public String accountResourceGroup(String accountScopeKey) {
        return answer(() -> iam.accountResourceGroup(accountScopeKey));
    }

    @Override
    public void setPolicies(String groupId, String resourceGroupId, List<String> permissionGroupIds) {
        perform(() -> iam.setPolicies(groupId, resourceGroupId, permissionGroupIds));
    }

    // ---- what leaves ------------------------------------------------------------------------------

    /**
     * One call, whose failure leaves scrubbed of the token: the transport scrubs what a failed
     * answer says; this scrubs what a successful one carried into a message (a malformed list quoted).
     */
    private <T> T answer(Supplier<T> call) {
        return ScimException.redacting(token, call);
    }

    private void perform(Runnable call) {
        answer(() -> {
            call.run();
            return null;
        });
    }
}
