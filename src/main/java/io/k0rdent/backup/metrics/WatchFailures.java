package io.k0rdent.backup.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * Counts the failures of the operator's own watches (Velero's and kcm's kinds) after which they list and watch again:
 * a watch that keeps failing keeps serving its last state, which only this count (and the log) shows.
 */
@Singleton
public class WatchFailures {

    static final String FAILURES = "kcm.backup.watch.failures";
    public static final String RESOURCE = "resource";
    /** The resources the operator watches with informers of its own. */
    static final List<String> WATCHED = List.of("backups.velero.io", "backupstoragelocations.velero.io",
            "restores.velero.io", "clusterdeployments.k0rdent.mirantis.com", "clustertemplates.k0rdent.mirantis.com",
            "managements.k0rdent.mirantis.com");
    /** For objects made outside CDI (tests): counts into a registry nobody reads. */
    public static final WatchFailures UNCOUNTED = new WatchFailures((MeterRegistry) new SimpleMeterRegistry());

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** On the registry {@code /q/metrics} exports: the watches start early, with the Kubernetes client. */
    @Inject
    public WatchFailures(PrometheusMeterRegistry registry) {
        this((MeterRegistry) registry);
        // the watches' series exist from the start at 0, so that increase() sees the first failure
        WATCHED.forEach(this::counter);
    }

    WatchFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A watch of {@code resource} (e.g. {@code backups.velero.io}) failed and is listed and watched again. */
    public void failed(String resource) {
        counter(resource).increment();
    }

    private Counter counter(String resource) {
        return counters.computeIfAbsent(resource, r -> Counter.builder(FAILURES).tag(RESOURCE, r)
                .description("Failures after which one of the operator's own watches listed and watched again, by resource")
                .register(registry));
    }

    public double count(String resource) {
        Counter counter = counters.get(resource);
        return counter == null ? 0 : counter.count();
    }
}
