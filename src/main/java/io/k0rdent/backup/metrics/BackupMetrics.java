package io.k0rdent.backup.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.status.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.quarkus.runtime.Startup;

/**
 * The operator's own Prometheus metrics: backups per ManagementBackup, pre-upgrade backups and restores. Every controller
 * records into it with one call after it has written the status the call describes, so a retried reconcile never counts
 * twice. The only per-object tag is the ManagementBackup's name; every other tag comes from a closed set.
 */
@Startup
@ApplicationScoped
public class BackupMetrics {

    public static final String MANAGEMENT_BACKUP = "managementbackup";
    public static final String PHASE = "phase";
    public static final String OUTCOME = "outcome";

    static final String PRE_UPGRADE_STARTED = "kcm.backup.pre.upgrade.backups.started";
    static final String PRE_UPGRADE_FINISHED = "kcm.backup.pre.upgrade.backups.finished";
    static final String UPGRADE_HELD = "kcm.backup.upgrade.held";
    static final String UPGRADE_DENIALS = "kcm.backup.upgrade.denials";
    static final String RESTORES_STARTED = "kcm.backup.restores.started";
    static final String RESTORES_FINISHED = "kcm.backup.restores.finished";

    private final CollectorRegistry prometheus;
    private final Clock clock;
    private final PerBackupSeries perBackup;
    private final Counter preUpgradeStarted;
    private final Map<PreUpgradeOutcome, Counter> preUpgradeFinished = new EnumMap<>(PreUpgradeOutcome.class);
    private final AtomicInteger upgradeHeld = new AtomicInteger();
    private final Counter upgradeDenials;
    private final Counter restoresStarted;
    private final Map<RestoreOutcome, Counter> restoresFinished = new EnumMap<>(RestoreOutcome.class);

    /**
     * Registers into the Prometheus registry that {@code /q/metrics} exports: the few series of a closed set as Micrometer
     * meters, the thousands of per-ManagementBackup series as one collector that renders them at each scrape.
     */
    @Inject
    public BackupMetrics(PrometheusMeterRegistry registry, Clock clock) {
        this.prometheus = registry.getPrometheusRegistry();
        this.clock = clock;
        this.perBackup = new PerBackupSeries(clock);
        prometheus.register(perBackup);
        // every series of a closed set exists from the start at 0, so that increase() sees its first event
        preUpgradeStarted = Counter.builder(PRE_UPGRADE_STARTED)
                .description("Pre-upgrade backups started (one per ManagementBackup and kcm release)").register(registry);
        for (PreUpgradeOutcome outcome : PreUpgradeOutcome.values()) {
            preUpgradeFinished.put(outcome, Counter.builder(PRE_UPGRADE_FINISHED).tag(OUTCOME, outcome.tag())
                    .description("Pre-upgrade backups that reached a terminal state, by state").register(registry));
        }
        Gauge.builder(UPGRADE_HELD, upgradeHeld, AtomicInteger::get).strongReference(true)
                .description("1 while the upgrade gate denies a kcm upgrade because its pre-upgrade backups are not done")
                .register(registry);
        upgradeDenials = Counter.builder(UPGRADE_DENIALS)
                .description("kcm upgrades denied by the upgrade gate").register(registry);
        restoresStarted = Counter.builder(RESTORES_STARTED)
                .description("Velero Restores created for ManagementRestores").register(registry);
        for (RestoreOutcome outcome : RestoreOutcome.values()) {
            restoresFinished.put(outcome, Counter.builder(RESTORES_FINISHED).tag(OUTCOME, outcome.tag())
                    .description("Velero Restores of ManagementRestores that ended, by phase").register(registry));
        }
    }

    /** Leaves the registry to the next application started in this JVM (tests start several). */
    @PreDestroy
    void close() {
        prometheus.unregister(perBackup);
    }

    // --- ManagementBackup ---

    /**
     * A Velero Backup was created (not adopted) for {@code mb}.
     *
     * @param scheduleLag from the schedule slot to the creation, for scheduled backups; empty for single ones
     */
    public void backupCreated(ManagementBackup mb, Optional<Duration> scheduleLag) {
        PerBackupSeries.Series series = series(mb);
        series.backupCreated();
        scheduleLag.ifPresent(lag -> series.scheduleLag(seconds(lag), clock.millis()));
    }

    /** A Velero Backup of {@code mb} reached the terminal {@code phase}; call once per Backup. */
    public void backupFinished(ManagementBackup mb, String phase, Optional<Duration> duration, Optional<Integer> itemsBackedUp) {
        PerBackupSeries.Series series = series(mb);
        if (!series.backupFinished(phase)) {
            throw new IllegalArgumentException("not a terminal Velero Backup phase: " + phase);
        }
        duration.ifPresent(d -> series.duration(seconds(d), clock.millis()));
    }

    /** A schedule slot of {@code mb} was skipped (its previous backup was still running). */
    public void slotSkipped(ManagementBackup mb) {
        series(mb).slotSkipped();
    }

    /**
     * Records one reconcile of {@code mb}, after {@code updated} was written (or found unchanged): counts a backup that
     * finished and a slot that was skipped, and sets the gauges from the status and the Backups Velero reports.
     */
    public void reconciled(ManagementBackup mb, ManagementBackupStatus old, ManagementBackupStatus updated, Outcome outcome,
            Collection<Backup> own) {
        if (outcome.skipReason() != null) {
            slotSkipped(mb);
        }
        BackupReadings.finished(old, updated)
                .ifPresent(f -> backupFinished(mb, f.phase(), f.duration(), f.itemsBackedUp()));
        observe(mb, updated, own);
    }

    /** Sets the gauges of {@code mb} from its status and its Velero Backups. */
    public void observe(ManagementBackup mb, ManagementBackupStatus status, Collection<Backup> own) {
        BackupReadings.Gauges gauges = BackupReadings.gauges(mb, status, own);
        series(mb).gauges(gauges.ready(), gauges.scheduleActive(), gauges.lastPhase().orElse(null),
                seconds(gauges.created()), seconds(gauges.lastSuccess()), seconds(gauges.nextAttempt()),
                gauges.lastItemsBackedUp().map(Integer::doubleValue).orElse(Double.NaN));
    }

    /**
     * Removes every series of a ManagementBackup that no longer exists: one removal by name, not a search of the
     * registry, so that deleting n ManagementBackups costs O(n) rather than O(n²).
     */
    public void forget(String managementBackup) {
        perBackup.forget(managementBackup);
    }

    // --- upgrade watch ---

    /** A pre-upgrade backup was started for a ManagementBackup and the release about to be replaced. */
    public void preUpgradeBackupStarted() {
        preUpgradeStarted.increment();
    }

    /** A pre-upgrade backup reached a terminal state; call once per attempt. */
    public void preUpgradeBackupFinished(PreUpgradeOutcome outcome) {
        preUpgradeFinished.get(outcome).increment();
    }

    /** Whether the upgrade gate currently holds a kcm upgrade back. */
    public void upgradeHeld(boolean held) {
        upgradeHeld.set(held ? 1 : 0);
    }

    /** The upgrade gate denied an update of the Management object. */
    public void upgradeDenied() {
        upgradeDenials.increment();
    }

    // --- restore controller ---

    /** A Velero Restore was created for a ManagementRestore. */
    public void restoreStarted() {
        restoresStarted.increment();
    }

    /** A ManagementRestore's Velero Restore ended; call once per Restore. */
    public void restoreFinished(RestoreOutcome outcome) {
        restoresFinished.get(outcome).increment();
    }

    private PerBackupSeries.Series series(ManagementBackup mb) {
        return perBackup.of(mb.getMetadata().getName());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Seconds since the epoch, or {@code NaN} (no series) without a time. */
    private static double seconds(Optional<Instant> instant) {
        return instant.map(i -> i.getEpochSecond() + i.getNano() / 1e9).orElse(Double.NaN);
    }
}
