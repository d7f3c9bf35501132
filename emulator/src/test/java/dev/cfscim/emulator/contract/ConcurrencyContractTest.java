package dev.cfscim.emulator.contract;

import static dev.cfscim.emulator.contract.ContractBodies.memberList;
import static dev.cfscim.emulator.contract.ContractBodies.op;
import static dev.cfscim.emulator.contract.ContractBodies.patchOps;
import static dev.cfscim.emulator.contract.ContractBodies.user;
import static dev.cfscim.emulator.contract.ContractHttp.ADMINISTRATOR;
import static dev.cfscim.emulator.contract.ContractHttp.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.FaultRule;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.BeyondPublishedSchema;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several threads at once: no lost updates, no duplicate userNames. */
class ConcurrencyContractTest extends EmulatorContract {

    static final int THREADS = 8;

    ExecutorService pool;

    // JUnit starts the emulator before the pool and stops the pool before the emulator.
    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs the tasks together, released by one latch; returns their results in order. */
    <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    /** The i-th request of a thread; answers its status. */
    interface Request {
        int status(int thread, int i) throws Exception;
    }

    /** Every thread sends its requests one after another, all threads at once; the statuses of them all. */
    List<Integer> fromEveryThread(int perThread, Request request) throws Exception {
        List<Callable<List<Integer>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    statuses.add(request.status(thread, i));
                }
                return statuses;
            });
        }
        return together(tasks).stream().flatMap(List::stream).toList();
    }

    List<JsonNode> allUsers() {
        return ScimPaging.allUsers(scim, 100);
    }

    /** Creates the users {@code <prefix>0@example.com} and on, one after another; their ids in that order. */
    List<String> createUsers(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(scim.createUser(prefix + i + "@example.com"));
        }
        return ids;
    }

    @Test
    void distinctCreatesAreAllKept() throws Exception {
        int perThread = 25;
        List<Integer> statuses = fromEveryThread(perThread,
                (thread, i) -> scim.post("/Users", user("t" + thread + "-u" + i + "@example.com")).status());
        assertThat(statuses).hasSize(THREADS * perThread).containsOnly(201);

        List<JsonNode> users = allUsers();
        assertThat(users).hasSize(THREADS * perThread);
        assertThat(new HashSet<>(values(users(users), "id"))).hasSize(THREADS * perThread);
        assertThat(cf.account().members()).hasSize(THREADS * perThread);
        assertThat(cf.requests().route("POST /Users")).isEqualTo(THREADS * perThread);
        assertThat(cf.requests().status(201)).isEqualTo(THREADS * perThread);
    }

    @Test
    void racingCreatesOfTheSameUserNamesMakeOneEach() throws Exception {
        int names = 10;
        // every thread tries every name, half of them in another case
        List<Integer> statuses = fromEveryThread(names, (thread, i) -> {
            String name = "same" + i + "@example.com";
            return scim.post("/Users", user(thread % 2 == 0 ? name : name.toUpperCase(Locale.ROOT))).status();
        });
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(names);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo((long) names * (THREADS - 1));

        List<String> userNames = allUsers().stream().map(u -> u.path("userName").asText().toLowerCase(Locale.ROOT)).toList();
        assertThat(userNames).hasSize(names).doesNotHaveDuplicates();
        assertThat(cf.account().members()).hasSize(names);
    }

    @Test
    void concurrentGroupPatchesLoseNoMember() throws Exception {
        int users = 64;
        List<String> ids = createUsers("m", users);
        String groupId = cf.account().roleGroupId(ADMINISTRATOR);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String id : ids) {
            tasks.add(() -> scim.patch("/Groups/" + groupId, patchOps(op("add", "members", memberList(id)))).status());
        }
        assertThat(together(tasks)).allSatisfy(s -> assertThat(s).isBetween(200, 299));

        assertThat(scim.memberIds(groupId)).hasSize(users).containsExactlyInAnyOrderElementsOf(ids);
        for (int i = 0; i < users; i += 9) {
            assertThat(cf.account().effectiveRoles("m" + i + "@example.com")).contains(ADMINISTRATOR);
        }
    }

    @Test
    void concurrentAddsAndRemovesOnTheSameGroupEndConsistent() throws Exception {
        int users = 40;
        List<String> ids = createUsers("r", users);
        String groupId = cf.account().roleGroupId(ADMINISTRATOR);
        // the even ones start in the group and leave; the odd ones join
        List<String> evens = new ArrayList<>();
        List<String> odds = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            (i % 2 == 0 ? evens : odds).add(ids.get(i));
        }
        scim.addMembers(groupId, evens.toArray(String[]::new));

        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String id : evens) {
            tasks.add(() -> scim.patch("/Groups/" + groupId,
                    patchOps(op("remove", "members[value eq \"" + id + "\"]", null))).status());
        }
        for (String id : odds) {
            tasks.add(() -> scim.patch("/Groups/" + groupId, patchOps(op("add", "members", memberList(id)))).status());
        }
        assertThat(together(tasks)).allSatisfy(s -> assertThat(s).isBetween(200, 299));

        assertThat(scim.memberIds(groupId)).containsExactlyInAnyOrderElementsOf(odds);
    }

    @Test
    void concurrentDeprovisionsAndCreatesKeepTheCountsRight() throws Exception {
        List<String> ids = createUsers("old", 30);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (String id : ids) {
            tasks.add(() -> scim.patch("/Users/" + id, patchOps(op("replace", "active", false))).status());
        }
        for (int i = 0; i < 30; i++) {
            String name = "new" + i + "@example.com";
            tasks.add(() -> scim.post("/Users", user(name)).status());
        }
        assertThat(together(tasks)).allSatisfy(s -> assertThat(s).isBetween(200, 299));

        List<JsonNode> users = allUsers();
        assertThat(values(users(users), "userName")).hasSize(30).allSatisfy(n -> assertThat(n).startsWith("new"));
        assertThat(cf.account().members()).filteredOn(m -> m.active()).hasSize(30);
    }

    @Test
    @BeyondPublishedSchema(PublishedSchemaCheck.RATE_LIMIT_BODY)
    void theRateLimitAdmitsExactlyItsQuotaUnderConcurrency() throws Exception {
        try (CloudflareEmulator limited = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.of(20, Duration.ofMinutes(5))).build().start()) {
            ContractHttp s = ContractHttp.scim(limited);
            List<Integer> statuses = fromEveryThread(10, (thread, i) -> s.get("/Users").status());
            assertThat(statuses.stream().filter(x -> x == 200).count()).isEqualTo(20);
            assertThat(statuses.stream().filter(x -> x == 429).count()).isEqualTo(THREADS * 10 - 20);
        }
    }

    @Test
    void faultTimesHoldsUnderConcurrency() throws Exception {
        cf.faults().add(FaultRule.route("GET /Users").errorRate(1.0).errorStatus(503).times(5).build());
        List<Integer> statuses = fromEveryThread(10, (thread, i) -> scim.get("/Users").status());
        assertThat(statuses.stream().filter(x -> x == 503).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(x -> x == 200).count()).isEqualTo(THREADS * 10 - 5);
        assertThat(cf.requests().route("GET /Users")).isEqualTo(THREADS * 10);
    }

    private static JsonNode users(List<JsonNode> users) {
        return ContractHttp.JSON.valueToTree(users);
    }
}
