package dev.cfscim.scim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide registry of {@link TokenBudget}s, one a token: Cloudflare counts requests per
 * token, so every client of a token in this process (each ScimApp's session, whatever its
 * settings) must spend from one budget.
 */
public final class TokenBudgets {

    private static final Map<ApiToken, TokenBudget> SHARED = new ConcurrentHashMap<>();

    private TokenBudgets() {
    }

    /**
     * The budget every client of this token shares in this process. A later caller with a
     * different limit replaces it: the newest configuration wins, and what was counted carries on.
     */
    public static TokenBudget shared(ApiToken token, TokenBudget.Limit limit) {
        return SHARED.compute(token, (t, existing) -> {
            if (existing == null) {
                return new TokenBudget(limit);
            }
            return existing.limit().equals(limit) ? existing : new TokenBudget(limit, existing);
        });
    }
}
