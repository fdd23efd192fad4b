package io.k0rdent.backup.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.k0rdent.backup.velero.VeleroCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Operator-wide gauges read at scrape time from the components that know them. */
@Startup
@ApplicationScoped
public class OperatorGauges {

    public OperatorGauges(MeterRegistry registry, VeleroCache velero) {
        Gauge.builder("kcm.backup.velero.installed", velero, v -> v.isInstalled() ? 1 : 0).strongReference(true)
                .description("1 when Velero's API (velero.io/v1 backups and backupstoragelocations) is served")
                .register(registry);
    }
}
