package dev.cfscim.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests without a shared lock, so counting never limits the emulator's throughput. */
final class RequestCounter {

    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> routes = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    void record(String route, int status) {
        total.increment();
        routes.computeIfAbsent(route, r -> new LongAdder()).increment();
        if (status > 0) {
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    long count(String route) {
        LongAdder n = routes.get(route);
        return n == null ? 0 : n.sum();
    }

    RequestCounts snapshot() {
        Map<String, Long> byRoute = new TreeMap<>();
        routes.forEach((route, n) -> byRoute.put(route, n.sum()));
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, n) -> byStatus.put(status, n.sum()));
        return new RequestCounts(total.sum(), byRoute, byStatus);
    }

    void reset() {
        total.reset();
        routes.clear();
        statuses.clear();
    }
}
