package dev.cfscim.emulator;

import java.util.Map;

/**
 * Requests the API surfaces received, by route ({@code "POST /Users"}) and by answer status. A
 * dropped connection counts in the total and its route, not in any status.
 */
public record RequestCounts(long total, Map<String, Long> routes, Map<Integer, Long> statuses) {

    public RequestCounts {
        routes = Map.copyOf(routes);
        statuses = Map.copyOf(statuses);
    }

    public long route(String route) {
        return routes.getOrDefault(route, 0L);
    }

    public long status(int status) {
        return statuses.getOrDefault(status, 0L);
    }

    /** Requests whose route starts with the method, such as {@code "GET"}. */
    public long method(String method) {
        return routes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(method + " "))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
