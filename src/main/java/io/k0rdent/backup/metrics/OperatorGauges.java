package io.k0rdent.backup.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.k0rdent.backup.velero.VeleroCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;

/** Operator-wide gauges read at scrape time from the components that know them, and the meters' end of life. */
@Startup
@ApplicationScoped
public class OperatorGauges {

    private final MeterRegistry registry;

    public OperatorGauges(MeterRegistry registry, VeleroCache velero) {
        this.registry = registry;
        Gauge.builder("kcm.backup.velero.installed", velero, v -> v.isInstalled() ? 1 : 0).strongReference(true)
                .description("1 when Velero's API (velero.io/v1 backups and backupstoragelocations) is served")
                .register(registry);
    }

    /**
     * Removes this application's meters when it stops. The registry can outlive the application (Quarkus tests restart it
     * in one JVM), and a gauge left behind would read beans of a stopped container and hide the new one's.
     */
    void removeMeters(@Observes ShutdownEvent event) {
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("kcm.backup.") || m.getId().getName().startsWith("operator.sdk."))
                .toList()
                .forEach(registry::remove);
    }
}
