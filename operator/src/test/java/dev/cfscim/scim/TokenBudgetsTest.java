package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The process-wide registry: one budget a token, carried on under a new limit. */
class TokenBudgetsTest {

    @Test
    void everyClientOfATokenSharesOneBudget() {
        String value = "shared-token-" + System.nanoTime();
        TokenBudget first = TokenBudgets.shared(ApiToken.of(value), TokenBudget.Limit.CLOUDFLARE);
        assertThat(TokenBudgets.shared(ApiToken.of(value), TokenBudget.Limit.CLOUDFLARE)).isSameAs(first);
        assertThat(TokenBudgets.shared(ApiToken.of(value + "-other"), TokenBudget.Limit.CLOUDFLARE)).isNotSameAs(first);
    }

    @Test
    void theSameTokenUnderANewLimitKeepsWhatItAlreadySent() throws InterruptedException {
        ApiToken token = ApiToken.of("budget-test-token-" + System.nanoTime());
        TokenBudget first = TokenBudgets.shared(token, new TokenBudget.Limit(10, Duration.ofHours(1), 1.0));
        for (int i = 0; i < 6; i++) {
            first.acquire();
        }

        TokenBudget second = TokenBudgets.shared(token, new TokenBudget.Limit(8, Duration.ofHours(1), 1.0));

        assertThat(second).isNotSameAs(first);
        assertThat(second.remaining()).as("Cloudflare still counts the 6 already sent").isEqualTo(2);
        assertThat(TokenBudgets.shared(token, new TokenBudget.Limit(8, Duration.ofHours(1), 1.0))).isSameAs(second);
    }
}
