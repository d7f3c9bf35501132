package dev.cfscim.controller;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.lang.management.ManagementFactory;

/**
 * The JVM's and the process's metrics (memory, GC, threads, classes, CPU, open files, uptime), as
 * every JVM operator exports them: an operator that runs out of heap or file descriptors, or spends
 * its time in GC, must show it before it is killed.
 */
final class JvmMetrics implements AutoCloseable {

    /** Listens to the JVM's GC notifications, which outlive the registry: closed with the operator. */
    private final JvmGcMetrics gc = new JvmGcMetrics();

    JvmMetrics(MeterRegistry registry) {
        registry.config().meterFilter(LINTABLE);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", os, bean -> bean.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time the process used, in seconds").register(registry);
        }
    }

    /**
     * Two of Micrometer's names that {@code promtool check metrics} refuses, made ones it takes:
     * {@code process_cpu_time_ns_total} (an abbreviated unit; Prometheus's clients all export
     * {@code process_cpu_seconds_total}, registered above instead) and {@code system_cpu_count} (a
     * gauge must not end in {@code _count}, which is a histogram's or a summary's).
     */
    private static final MeterFilter LINTABLE = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.available.processors") : id;
        }
    };

    @Override
    public void close() {
        gc.close();
    }
}
