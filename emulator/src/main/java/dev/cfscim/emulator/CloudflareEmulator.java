package dev.cfscim.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An in-memory Cloudflare dashboard SCIM API (and the IAM calls provisioning needs) on a local
 * port: standalone from the command line, or started and stopped by tests.
 *
 * <pre>{@code
 * try (CloudflareEmulator cf = CloudflareEmulator.builder().superAdmin("owner@example.com").build().start()) {
 *     client.connect(cf.scimBaseUrl(), cf.token());
 * }
 * }</pre>
 */
public final class CloudflareEmulator implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and delayed ACKs add ~40 ms to every keep-alive request. Read once, when the server loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9a-f]{32}$");

    private final Builder config;
    private final Map<String, AccountState> accountsById = new LinkedHashMap<>();
    private final Map<String, AccountState> accountsByToken = new LinkedHashMap<>();
    private final RequestCounter counter = new RequestCounter();
    private final RateLimiter limiter;
    private final Faults faults;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;

    private CloudflareEmulator(Builder config) {
        this.config = config;
        this.limiter = new RateLimiter(config.rateLimit, config.userByToken);
        this.faults = new Faults(config.seed == null ? new Random() : new Random(config.seed));
        List<AccountState.Seed> seeds = new ArrayList<>();
        config.superAdmins.forEach(email ->
                seeds.add(new AccountState.Seed(email, List.of(Roles.SUPER_ADMINISTRATOR))));
        config.superAdminsByPolicy.forEach(email -> seeds.add(
                new AccountState.Seed(email, List.of(), List.of(Roles.SUPER_ADMINISTRATOR))));
        boolean first = true;
        for (Map.Entry<String, String> account : config.accounts.entrySet()) {
            AccountState state = new AccountState(account.getKey(), account.getValue(), config.profile,
                    config.lastSuperAdmin, config.deprovisioned, config.existingUserGroups, first ? seeds : List.of());
            accountsById.put(state.id(), state);
            accountsByToken.put(state.token(), state);
            first = false;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts answering; returns this, for try-with-resources. */
    public synchronized CloudflareEmulator start() {
        if (server != null) {
            throw new IllegalStateException("the emulator is already running on port " + port());
        }
        try {
            server = HttpServer.create(new InetSocketAddress(config.host, config.port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.host + ":" + config.port, e);
        }
        executor = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new FrontDoor(this, json, baseUrl()));
        server.start();
        return this;
    }

    /** Stops answering and frees the port; requests under way get a moment to finish. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException("the emulator is not running");
        }
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + config.host + ":" + port();
    }

    public String accountId() {
        return firstAccount().id();
    }

    public String token() {
        return firstAccount().token();
    }

    public String scimBaseUrl() {
        return scimBaseUrl(accountId());
    }

    public String scimBaseUrl(String accountId) {
        return baseUrl() + "/client/v4/accounts/" + accountId + "/scim/v2";
    }

    /** The account's v4 API base, under which {@code /iam/user_groups} lives. */
    public String iamBaseUrl() {
        return baseUrl() + "/client/v4/accounts/" + accountId();
    }

    public String adminUrl() {
        return baseUrl() + "/__emulator/";
    }

    public EmulatedAccount account() {
        return new EmulatedAccount(firstAccount());
    }

    public EmulatedAccount account(String accountId) {
        AccountState state = accountsById.get(accountId);
        if (state == null) {
            throw new IllegalArgumentException("no emulated account " + accountId);
        }
        return new EmulatedAccount(state);
    }

    public List<EmulatedAccount> accounts() {
        return accountsById.values().stream().map(EmulatedAccount::new).toList();
    }

    public Profile profile() {
        return config.profile;
    }

    public RateLimit rateLimit() {
        return config.rateLimit;
    }

    /**
     * Rate-limit windows opened since the start or the last reset, over every token and user: how
     * many windows a run needed, which a benchmark projects to Cloudflare's 5 minutes each.
     */
    public long rateLimitWindows() {
        return limiter.windowsOpened();
    }

    public UserGroupsFormat userGroupsFormat() {
        return config.userGroups;
    }

    public RequestCounts requests() {
        return counter.snapshot();
    }

    /** Requests so far on one route ("PATCH /Groups/{id}"), without {@link #requests()}'s snapshot: cheap to poll. */
    public long requestsTo(String route) {
        return counter.count(route);
    }

    public void resetRequests() {
        counter.reset();
    }

    public Faults faults() {
        return faults;
    }

    /** Back to the state at start: accounts, counters, faults and rate-limit windows. */
    public void reset() {
        accountsById.values().forEach(AccountState::reset);
        counter.reset();
        faults.clear();
        limiter.reset();
    }

    // ---- used by the front door -----------------------------------------------------------------

    AccountState accountByToken(String token) {
        return token == null ? null : accountsByToken.get(token);
    }

    AccountState accountById(String id) {
        return accountsById.get(id);
    }

    Collection<AccountState> accountStates() {
        return accountsById.values();
    }

    RequestCounter counter() {
        return counter;
    }

    RateLimiter limiter() {
        return limiter;
    }

    int maxPageSize() {
        return config.maxPageSize;
    }

    void observe(Exchange exchange) {
        config.observer.accept(exchange);
    }

    private AccountState firstAccount() {
        return accountsById.values().iterator().next();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "cf-emulator-http-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A token shaped like Cloudflare's: 40 characters of letters, digits, '-' and '_'. */
    static String newToken() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder token = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Profile profile = Profile.USER_GROUPS;
        private UserGroupsFormat userGroups = UserGroupsFormat.STRINGS;
        private RateLimit rateLimit = RateLimit.CLOUDFLARE;
        private LastSuperAdminMode lastSuperAdmin = LastSuperAdminMode.SILENT;
        private DeprovisionedUsers deprovisioned = DeprovisionedUsers.NOT_FOUND;
        private ExistingUserGroups existingUserGroups = ExistingUserGroups.ADOPT;
        private int maxPageSize = 100;
        private final Map<String, String> accounts = new LinkedHashMap<>();
        private final Map<String, String> userByToken = new LinkedHashMap<>();
        private final List<String> superAdmins = new ArrayList<>();
        private final List<String> superAdminsByPolicy = new ArrayList<>();
        private Long seed;
        private Consumer<Exchange> observer = exchange -> { };

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder profile(Profile profile) {
            this.profile = profile;
            return this;
        }

        /** A User's {@code groups}: strings as Cloudflare publishes them (the default), or RFC 7643 objects. */
        public Builder userGroupsFormat(UserGroupsFormat format) {
            this.userGroups = format;
            return this;
        }

        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /**
         * Makes {@code token} one of {@code user}'s API tokens: Cloudflare counts a user's requests
         * across all of the user's tokens, so every token given the same user shares one rate-limit
         * counter. A token given no user is account-owned and counted alone (the default).
         */
        public Builder tokenOfUser(String token, String user) {
            if (token == null || token.isBlank() || user == null || user.isBlank()) {
                throw new IllegalArgumentException("a user's token needs both the token and the user");
            }
            userByToken.put(token, user);
            return this;
        }

        public Builder lastSuperAdmin(LastSuperAdminMode mode) {
            this.lastSuperAdmin = mode;
            return this;
        }

        public Builder deprovisioned(DeprovisionedUsers mode) {
            this.deprovisioned = mode;
            return this;
        }

        /** What a push of an existing user group's name answers; Cloudflare adopts (the default). */
        public Builder existingUserGroups(ExistingUserGroups mode) {
            this.existingUserGroups = mode;
            return this;
        }

        public Builder maxPageSize(int maxPageSize) {
            if (maxPageSize < 1) {
                throw new IllegalArgumentException("the maximum page size must be at least 1");
            }
            this.maxPageSize = maxPageSize;
            return this;
        }

        /** Hosts an account; null for the id or the token generates one. May be called more than once. */
        public Builder account(String accountId, String token) {
            String id = accountId == null ? RandomId.next() : accountId;
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("an account id is 32 lower-case hex characters, got '" + id + "'");
            }
            String secret = token == null || token.isBlank() ? newToken() : token;
            if (accounts.containsValue(secret)) {
                throw new IllegalArgumentException("each account needs its own token");
            }
            accounts.put(id, secret);
            return this;
        }

        /** Seeds a member of the first account holding Super Administrator outside SCIM. */
        public Builder superAdmin(String email) {
            superAdmins.add(email);
            return this;
        }

        /**
         * Seeds a member of the first account holding Super Administrator outside SCIM through its
         * own allow policy on the account alone: no role assigned, as Cloudflare does since roles
         * were deprecated.
         */
        public Builder superAdminByPolicy(String email) {
            superAdminsByPolicy.add(email);
            return this;
        }

        /**
         * Called with every request answered and its answer, from the thread that served it: a
         * test's window on what a client really sent (the contract checks validate it against
         * Cloudflare's published schema). A dropped connection has no answer and is not reported.
         * Each observer given is called, in the order given.
         */
        public Builder onExchange(Consumer<Exchange> observer) {
            this.observer = this.observer.andThen(observer);
            return this;
        }

        /** Seeds fault injection, for runs that repeat exactly. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public CloudflareEmulator build() {
            if (accounts.isEmpty()) {
                account(null, null);
            }
            return new CloudflareEmulator(this);
        }
    }
}
