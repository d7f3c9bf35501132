package dev.cfscim.controller;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes to the API server for many resources at once (finalizers, statuses), a few at a time:
 * one after another, thousands of them cost a round trip each. Idle threads go away.
 */
final class ApiServerWrites {

    /** A few writes in flight to the API server: enough to hide round trips, few enough to be polite. */
    private static final int PARALLEL_WRITES = 8;

    private final ThreadPoolExecutor writers = writers();

    private static ThreadPoolExecutor writers() {
        AtomicInteger next = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_WRITES, PARALLEL_WRITES, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "cfscim-writer-" + next.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Runs the writes {@link #PARALLEL_WRITES} at a time and returns when all are done. */
    void inParallel(List<Runnable> writes) {
        if (writes.size() <= 1) {
            writes.forEach(Runnable::run);
            return;
        }
        List<Future<?>> pending = writes.stream().<Future<?>>map(writers::submit).toList();
        try {
            for (Future<?> write : pending) {
                write.get();
            }
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the API server", e);
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
