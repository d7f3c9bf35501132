package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two processes on one token (two clusters, or the CLI beside the operator), each with its own budget, over HTTP. */
@ExtendWith(PublishedSchemaCheck.class)
class TwoWritersTest {

    @AutoClose
    private CloudflareEmulator cf;

    @Test
    void twoClientsOnOneTokenShareItsLimitAndNeitherMeetsA429() throws Exception {
        // 60 requests per 3 s; each writer wants 90: three windows' worth between them, at least.
        cf = CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS).onExchange(PublishedSchemaCheck::record)
                .rateLimit(RateLimit.of(60, Duration.ofSeconds(3))).superAdmin("owner@example.com").build().start();
        TokenBudget.Limit limit = new TokenBudget.Limit(60, Duration.ofSeconds(3), 0.9);
        List<TokenBudget> budgets = List.of(new TokenBudget(limit), new TokenBudget(limit));
        ExecutorService writers = Executors.newFixedThreadPool(2);
        // In step: on a busy machine one thread may otherwise send all its 90 before the other starts,
        // and a writer alone in the last windows rightly stops seeing the other.
        CyclicBarrier inStep = new CyclicBarrier(budgets.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TokenBudget budget : budgets) {
                CloudflareScimClient client = new CloudflareScimClient(cf.scimBaseUrl(), ApiToken.of(cf.token()),
                        budget, CloudflareScimClient.Settings.defaults(), CloudflareScimClient.RequestObserver.NONE);
                done.add(writers.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 90; i++) {
                        inStep.await(60, TimeUnit.SECONDS);
                        client.directory().findUser("user" + i + "@example.com");
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        assertThat(cf.requests().status(429)).as("requests Cloudflare refused").isZero();
        assertThat(cf.requests().total()).isEqualTo(180);
        assertThat(budgets).allSatisfy(b -> assertThat(b.sharedWithAnotherWriter())
                .as("each saw the other spend the token's limit").isTrue());
    }
}
