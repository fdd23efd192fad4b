package io.k0rdent.backup.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Counts the Kubernetes events the operator meant to record but lost: its queue was full, or the API server refused. */
@Startup
@ApplicationScoped
public class EventMetrics {

    static final String EVENTS_DROPPED = "kcm.backup.events.dropped";
    public static final String REASON = "reason";
    static final String QUEUE_FULL = "queue_full";
    static final String WRITE_FAILED = "write_failed";
    private static final String DESCRIPTION = "Events not recorded, by why: the recording queue was full, or writing them failed";

    private final Counter queueFull;
    private final Counter writeFailed;

    public EventMetrics(MeterRegistry registry) {
        // both series exist from the start at 0, so that increase() sees the first lost event
        queueFull = Counter.builder(EVENTS_DROPPED).tag(REASON, QUEUE_FULL)
                .description(DESCRIPTION)
                .register(registry);
        writeFailed = Counter.builder(EVENTS_DROPPED).tag(REASON, WRITE_FAILED)
                .description(DESCRIPTION)
                .register(registry);
    }

    /** An event was not queued: the queue was full (or the recorder had stopped). */
    public void queueFull() {
        queueFull.increment();
    }

    /** Creating or updating an event failed. */
    public void writeFailed() {
        writeFailed.increment();
    }
}
