package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The budget's pacing on a fake clock: what it lets through, and how long it makes callers wait. */
class TokenBudgetTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Duration> waits = new ArrayList<>();
    private final TokenBudget.Sleeper sleeper = d -> {
        waits.add(d);
        now.addAndGet(d.toNanos());
    };

    /** What {@link #listener} was told by the budgets it listens to, in order. */
    private final List<TokenBudget.Wait> told = new ArrayList<>();
    private final TokenBudget.WaitListener listener = told::add;

    private TokenBudget budget(int requests, Duration per, double headroom) {
        return new TokenBudget(new TokenBudget.Limit(requests, per, headroom), now::get, sleeper);
    }

    /** One request a 30-second window, {@link #listener} listening: the second request waits 30s. */
    private TokenBudget oneRequestEveryThirtySecondsTold() {
        TokenBudget budget = budget(1, Duration.ofSeconds(30), 1.0);
        budget.onWait(listener);
        return budget;
    }

    @Test
    void allowsRequestsTimesHeadroomPerWindowThenWaitsForTheOldestToAge() throws InterruptedException {
        TokenBudget budget = budget(1200, Duration.ofMinutes(5), 0.9);
        for (int i = 0; i < 1080; i++) {
            budget.acquire();
        }
        assertThat(waits).isEmpty();
        assertThat(budget.remaining()).isZero();

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        budget.acquire();

        assertThat(waits).containsExactly(Duration.ofSeconds(290));
        // All 1,080 went at the same instant, so they left the window together.
        assertThat(budget.remaining()).isEqualTo(1079);
    }

    @Test
    void neverMoreThanTheLimitInAnyWindow() throws InterruptedException {
        TokenBudget budget = budget(10, Duration.ofSeconds(1), 1.0);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            budget.acquire();
            sent.add(now.get());
            now.addAndGet(Duration.ofMillis(7).toNanos());
        }
        for (int i = 10; i < sent.size(); i++) {
            assertThat(sent.get(i) - sent.get(i - 10)).as("request %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        }
    }

    static Stream<Arguments> pauses() {
        return Stream.of(
                Arguments.of(Named.of("a rate-limit answer pauses every caller until it is over", List.of(300))),
                Arguments.of(Named.of("a shorter pause does not cut a longer one short", List.of(300, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pauses")
    void aPauseHoldsEveryCallerUntilTheLongestIsOver(List<Integer> pauseSeconds) throws InterruptedException {
        TokenBudget budget = budget(1200, Duration.ofMinutes(5), 0.9);
        pauseSeconds.forEach(seconds -> budget.pauseFor(Duration.ofSeconds(seconds)));
        budget.acquire();
        assertThat(waits).containsExactly(Duration.ofSeconds(300));
    }

    @Test
    void nothingRemainingInCloudflaresHeaderWaitsForItsReset() throws InterruptedException {
        TokenBudget budget = budget(1200, Duration.ofMinutes(5), 0.9);
        budget.observeRemaining(0, Duration.ofSeconds(42));
        budget.acquire();
        assertThat(waits).containsExactly(Duration.ofSeconds(42));
        budget.observeRemaining(5, Duration.ofSeconds(42));
        budget.acquire();
        assertThat(waits).hasSize(1);
    }

    @Test
    void aTinyBudgetStillLetsOneThrough() {
        assertThat(new TokenBudget.Limit(1, Duration.ofSeconds(1), 0.5).allowed()).isEqualTo(1);
    }

    @Test
    void aCallerThatMayNotWaitSoLongIsTurnedAwayWithTheWaitAndNothingCounted() throws InterruptedException {
        TokenBudget budget = budget(2, Duration.ofMinutes(5), 1.0);
        budget.onWait(listener);
        budget.acquire();
        budget.acquire();

        Duration wait = budget.acquire(Duration.ofSeconds(5));

        assertThat(wait).isEqualTo(Duration.ofMinutes(5));
        assertThat(waits).as("it did not sleep").isEmpty();
        assertThat(budget.remaining()).isZero();
        assertThat(budget.waits()).isEqualTo(1);
        assertThat(told).singleElement().satisfies(w -> {
            assertThat(w.duration()).isEqualTo(Duration.ofMinutes(5));
            assertThat(w.pausedByCloudflare()).isFalse();
            assertThat(w.describe()).contains("request budget is spent (2 of 2 requests per 5m)")
                    .contains("next request can go in 301s");
        });
    }

    @Test
    void aWaitIsToldOnceAndCountedWithTheTimeItTook() throws InterruptedException {
        TokenBudget budget = oneRequestEveryThirtySecondsTold();
        budget.onWait(listener); // the same listener again
        budget.acquire();

        assertThat(budget.acquire(Duration.ofMinutes(1))).isZero();

        assertThat(waits).containsExactly(Duration.ofSeconds(30));
        assertThat(told).hasSize(1);
        assertThat(budget.waits()).isEqualTo(1);
        assertThat(budget.waitedSeconds()).isEqualTo(30.0);
    }

    @Test
    void pacingWaitsUnderASecondAreCountedButNotTold() throws InterruptedException {
        TokenBudget budget = budget(10, Duration.ofMillis(500), 1.0);
        budget.onWait(listener);
        for (int i = 0; i < 11; i++) {
            budget.acquire();
        }
        assertThat(budget.waits()).isEqualTo(1);
        assertThat(told).isEmpty();
    }

    @Test
    void aPauseCloudflareAskedForIsToldAsSuch() throws InterruptedException {
        TokenBudget budget = budget(1200, Duration.ofMinutes(5), 0.9);
        budget.onWait(listener);
        budget.pauseFor(Duration.ofSeconds(60));

        assertThat(budget.acquire(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(60));

        assertThat(told).singleElement().satisfies(w -> {
            assertThat(w.pausedByCloudflare()).isTrue();
            assertThat(w.describe()).startsWith("Cloudflare answered that this token's rate limit is reached");
        });
    }

    /** Cloudflare's side on the same fake clock: fixed windows, and a block of a window after going over. */
    private final class FakeCloudflareWindow {
        final int requests;
        final long windowNanos;
        long endNanos;
        int used;
        int refused;

        FakeCloudflareWindow(int requests, Duration window) {
            this.requests = requests;
            this.windowNanos = window.toNanos();
        }

        /** Counts one request and tells the budget what the answer's headers say. */
        void answer(TokenBudget budget) {
            if (used == 0 || now.get() - endNanos >= 0) {
                endNanos = now.get() + windowNanos;
                used = 0;
            }
            used++;
            if (used > requests) {
                refused++;
            }
            long seconds = (endNanos - now.get() + 999_999_999L) / 1_000_000_000L;
            budget.observeRemaining(Math.max(0, requests - used), Duration.ofSeconds(seconds));
        }
    }

    @Test
    void withCloudflaresHeadersTheWholeLimitGoesThroughWithNo429() throws InterruptedException {
        TokenBudget budget = budget(1200, Duration.ofMinutes(5), 0.9);
        FakeCloudflareWindow cloudflare = new FakeCloudflareWindow(1200, Duration.ofMinutes(5));
        for (int i = 0; i < 1200; i++) {
            budget.acquire();
            cloudflare.answer(budget);
            now.addAndGet(Duration.ofMillis(10).toNanos());
        }
        assertThat(waits).as("no headroom held back once Cloudflare said what remains").isEmpty();

        for (int i = 0; i < 3600; i++) {
            budget.acquire();
            cloudflare.answer(budget);
            now.addAndGet(Duration.ofMillis(10).toNanos());
        }
        assertThat(cloudflare.refused).isZero();
        // 4,800 requests: four windows, each spent whole, the last starting within a second of the third's end.
        assertThat(Duration.ofNanos(now.get())).isLessThan(Duration.ofMinutes(15).plusSeconds(15));
    }

    /** {@code requests} of the budget at 50%, what Cloudflare says remains and resets in: what goes, then the wait. */
    static Stream<Arguments> toldRemaining() {
        return Stream.of(
                Arguments.of(Named.of("Cloudflare's remaining is spent but never more than the budget's own ceiling",
                        10), 500, Duration.ofSeconds(100), 10, Duration.ofMinutes(5)),
                Arguments.of(Named.of("what others spent of the window is left to them", 1200), 3,
                        Duration.ofSeconds(40), 3, Duration.ofSeconds(40)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toldRemaining")
    void theBudgetSpendsWhatCloudflareSaysRemains(int requests, int remaining, Duration untilReset, int passes,
                                                  Duration thenWait) throws InterruptedException {
        TokenBudget budget = budget(requests, Duration.ofMinutes(5), 0.5);
        budget.observeRemaining(remaining, untilReset);
        for (int i = 0; i < passes; i++) {
            budget.acquire();
        }
        assertThat(waits).isEmpty();
        budget.acquire();
        assertThat(waits).containsExactly(thenWait);
    }

    @Test
    void aWaitAfterCloudflaresHeaderQuotesTheWholeLimitItNowPacesTo() throws InterruptedException {
        TokenBudget budget = budget(10, Duration.ofMinutes(5), 0.5);
        budget.onWait(listener);
        budget.observeRemaining(500, Duration.ofSeconds(100));
        for (int i = 0; i < 10; i++) {
            budget.acquire();
        }
        budget.acquire(Duration.ZERO);
        // Not "5 of 10": the header let the budget use the whole limit.
        assertThat(told).singleElement().satisfies(w ->
                assertThat(w.describe()).contains("request budget is spent (10 of 10 requests per 5m)"));
    }

    @Test
    void aLateAnswerFromTheWindowThatIsOverDoesNotStopTheNextOne() throws InterruptedException {
        TokenBudget budget = budget(1200, Duration.ofMinutes(5), 0.9);
        budget.observeRemaining(1, Duration.ofSeconds(10));
        budget.acquire();
        budget.acquire();
        assertThat(waits).containsExactly(Duration.ofSeconds(10));
        budget.observeRemaining(0, Duration.ofSeconds(1));
        waits.clear();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        for (int i = 0; i < 100; i++) {
            budget.acquire();
        }
        assertThat(waits).isEmpty();
    }

    static Stream<Arguments> overlongPauses() {
        return Stream.of(
                Arguments.of(Named.of("Retry-After of a day", (java.util.function.BiConsumer<TokenBudget, Duration>)
                        TokenBudget::pauseFor)),
                Arguments.of(Named.of("Ratelimit t of a day", (java.util.function.BiConsumer<TokenBudget, Duration>)
                        (b, d) -> b.observeRemaining(0, d))));
    }

    @ParameterizedTest(name = "{0} pauses the token for one window")
    @MethodSource("overlongPauses")
    void aPauseLongerThanAWindowIsCutToOne(java.util.function.BiConsumer<TokenBudget, Duration> askToWait)
            throws InterruptedException {
        TokenBudget budget = budget(1200, Duration.ofMinutes(5), 0.9);
        askToWait.accept(budget, Duration.ofDays(1));
        budget.acquire();
        assertThat(waits).containsExactly(Duration.ofMinutes(5));
        assertThat(budget.capPause(Duration.ofSeconds(86400))).isEqualTo(Duration.ofMinutes(5));
        assertThat(budget.capPause(Duration.ofSeconds(42))).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void aRemovedListenerIsToldNothingMore() throws InterruptedException {
        TokenBudget budget = oneRequestEveryThirtySecondsTold();
        budget.removeWaitListener(listener);
        budget.acquire();

        budget.acquire();

        assertThat(budget.waits()).isEqualTo(1);
        assertThat(told).isEmpty();
    }

    /**
     * Writers on one token, as two processes: each round every writer sends up to {@code burst}
     * requests its budget lets through before any is answered (requests in flight), then the
     * answers come, each telling what remains of the window. Returns what each writer sent.
     */
    private long[] shareOneToken(FakeCloudflareWindow cloudflare, List<TokenBudget> writers, int burst,
                                 Duration until) {
        long[] sentBy = new long[writers.size()];
        while (now.get() < until.toNanos()) {
            int[] inFlight = new int[writers.size()];
            for (int w = 0; w < writers.size(); w++) {
                while (inFlight[w] < burst && writers.get(w).tryAcquire().isZero()) {
                    inFlight[w]++;
                }
            }
            for (int w = 0; w < writers.size(); w++) {
                for (int i = 0; i < inFlight[w]; i++) {
                    cloudflare.answer(writers.get(w));
                }
                sentBy[w] += inFlight[w];
            }
            now.addAndGet(Duration.ofMillis(50).toNanos());
        }
        return sentBy;
    }

    @Test
    void twoWritersOnOneTokenShareWhatRemainsAndNeitherMeetsA429() {
        FakeCloudflareWindow cloudflare = new FakeCloudflareWindow(100, Duration.ofSeconds(10));
        TokenBudget operator = budget(100, Duration.ofSeconds(10), 0.9);
        TokenBudget cli = budget(100, Duration.ofSeconds(10), 0.9);

        long[] sent = shareOneToken(cloudflare, List.of(operator, cli), 8, Duration.ofSeconds(60));

        assertThat(cloudflare.refused).as("requests over Cloudflare's limit").isZero();
        assertThat(operator.sharedWithAnotherWriter()).isTrue();
        assertThat(cli.sharedWithAnotherWriter()).isTrue();
        // Six windows of 100: most of it spent, and by both.
        assertThat(sent[0] + sent[1]).isGreaterThan(400);
        assertThat(Math.min(sent[0], sent[1])).as("the lesser share").isGreaterThan(150);
        // The gauge says our share: never more than half of what the last header left.
        assertThat(operator.remaining()).isLessThanOrEqualTo(50);
    }

    @Test
    void aWriterAloneWithRequestsInFlightSeesNoOtherAndSpendsTheWholeLimit() {
        FakeCloudflareWindow cloudflare = new FakeCloudflareWindow(100, Duration.ofSeconds(10));
        TokenBudget alone = budget(100, Duration.ofSeconds(10), 0.9);

        long[] sent = shareOneToken(cloudflare, List.of(alone), 8, Duration.ofSeconds(60));

        assertThat(cloudflare.refused).isZero();
        assertThat(alone.sharedWithAnotherWriter()).isFalse();
        assertThat(sent[0]).isGreaterThanOrEqualTo(590);
    }
}
