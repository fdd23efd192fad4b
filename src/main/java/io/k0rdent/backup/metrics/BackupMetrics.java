package io.k0rdent.backup.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.status.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
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

    static final String BACKUPS_CREATED = "kcm.backup.backups.created";
    static final String BACKUPS_FINISHED = "kcm.backup.backups.finished";
    static final String SLOTS_SKIPPED = "kcm.backup.slots.skipped";
    static final String BACKUP_DURATION = "kcm.backup.backup.duration";
    static final String SCHEDULE_LAG = "kcm.backup.schedule.lag";
    static final String LAST_SUCCESS = "kcm.backup.last.success.timestamp";
    static final String NEXT_ATTEMPT = "kcm.backup.next.attempt.timestamp";
    static final String CREATED = "kcm.backup.created.timestamp";
    static final String LAST_PHASE = "kcm.backup.last.backup.phase";
    static final String LAST_ITEMS = "kcm.backup.last.backup.items";
    static final String READY = "kcm.backup.ready";
    static final String SCHEDULE_ACTIVE = "kcm.backup.schedule.active";
    static final String PRE_UPGRADE_STARTED = "kcm.backup.pre.upgrade.backups.started";
    static final String PRE_UPGRADE_FINISHED = "kcm.backup.pre.upgrade.backups.finished";
    static final String UPGRADE_HELD = "kcm.backup.upgrade.held";
    static final String UPGRADE_DENIALS = "kcm.backup.upgrade.denials";
    static final String RESTORES_STARTED = "kcm.backup.restores.started";
    static final String RESTORES_FINISHED = "kcm.backup.restores.finished";

    private final MeterRegistry registry;
    private final Map<String, PerBackup> perBackup = new ConcurrentHashMap<>();
    private final Counter preUpgradeStarted;
    private final Map<PreUpgradeOutcome, Counter> preUpgradeFinished = new EnumMap<>(PreUpgradeOutcome.class);
    private final AtomicInteger upgradeHeld = new AtomicInteger();
    private final Counter upgradeDenials;
    private final Counter restoresStarted;
    private final Map<RestoreOutcome, Counter> restoresFinished = new EnumMap<>(RestoreOutcome.class);

    /**
     * Registers straight into the Prometheus registry that {@code /q/metrics} exports, not into Quarkus' composite
     * registry, which would wrap each of the thousands of per-object meters once more.
     */
    @Inject
    public BackupMetrics(PrometheusMeterRegistry registry) {
        this((MeterRegistry) registry);
    }

    BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    // --- ManagementBackup ---

    /**
     * A Velero Backup was created (not adopted) for {@code mb}.
     *
     * @param scheduleLag from the schedule slot to the creation, for scheduled backups; empty for single ones
     */
    public void backupCreated(ManagementBackup mb, Optional<Duration> scheduleLag) {
        PerBackup meters = meters(mb.getMetadata().getName());
        meters.backupsCreated.increment();
        scheduleLag.ifPresent(lag -> meters.scheduleLag().record(lag));
    }

    /** A Velero Backup of {@code mb} reached the terminal {@code phase}; call once per Backup. */
    public void backupFinished(ManagementBackup mb, String phase, Optional<Duration> duration, Optional<Integer> itemsBackedUp) {
        PerBackup meters = meters(mb.getMetadata().getName());
        Counter counter = meters.finished.get(phase);
        if (counter == null) {
            throw new IllegalArgumentException("not a terminal Velero Backup phase: " + phase);
        }
        counter.increment();
        duration.ifPresent(d -> meters.duration().record(d));
    }

    /** A schedule slot of {@code mb} was skipped (its previous backup was still running). */
    public void slotSkipped(ManagementBackup mb) {
        meters(mb.getMetadata().getName()).skipped.increment();
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
        PerBackup meters = meters(mb.getMetadata().getName());
        BackupReadings.Gauges gauges = BackupReadings.gauges(mb, status, own);
        meters.ready = gauges.ready() ? 1 : 0;
        meters.scheduleActive = gauges.scheduleActive() ? 1 : 0;
        meters.lastPhase.set(gauges.lastPhase());
        meters.createdAt.set(gauges.created().map(BackupMetrics::seconds));
        meters.lastSuccess.set(gauges.lastSuccess().map(BackupMetrics::seconds));
        meters.nextAttempt.set(gauges.nextAttempt().map(BackupMetrics::seconds));
        meters.lastItems.set(gauges.lastItemsBackedUp().map(Integer::doubleValue));
    }

    /**
     * Removes every series of a ManagementBackup that no longer exists: those its own meters registered, not a search of
     * the registry, so that deleting n ManagementBackups costs O(n) rather than O(n²).
     */
    public void forget(String managementBackup) {
        PerBackup meters = perBackup.remove(managementBackup);
        if (meters != null) {
            meters.removeAll();
        }
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

    private PerBackup meters(String name) {
        return perBackup.computeIfAbsent(name, PerBackup::new);
    }

    private static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    /** The meters of one ManagementBackup; gauges read its fields, so a reconcile only assigns them. */
    private final class PerBackup {
        final Tags tags;
        /** Every meter registered for this ManagementBackup, so that forgetting it needs no search of the registry. */
        private final List<Meter> owned = new ArrayList<>();
        final Counter backupsCreated;
        final Map<String, Counter> finished;
        final Counter skipped;
        volatile double ready;
        volatile double scheduleActive;
        final PhaseGauge lastPhase = new PhaseGauge();
        final OptionalGauge createdAt;
        final OptionalGauge lastSuccess;
        final OptionalGauge nextAttempt;
        final OptionalGauge lastItems;
        /** Registered at their first recording (a single backup has no schedule lag); kept, not looked up each time. */
        private volatile Timer scheduleLag;
        private volatile Timer duration;

        PerBackup(String name) {
            tags = Tags.of(MANAGEMENT_BACKUP, name);
            backupsCreated = own(Counter.builder(BACKUPS_CREATED).tags(tags)
                    .description("Velero Backups created (backups attempted)").register(registry));
            Map<String, Counter> byPhase = new HashMap<>();
            for (String phase : BackupReadings.TERMINAL_PHASES) {
                byPhase.put(phase, own(Counter.builder(BACKUPS_FINISHED).tags(tags).tag(PHASE, phase)
                        .description("Velero Backups that ended, by terminal phase").register(registry)));
            }
            finished = Map.copyOf(byPhase);
            skipped = own(Counter.builder(SLOTS_SKIPPED).tags(tags)
                    .description("Schedule slots skipped because the previous backup was still running").register(registry));
            gauge(READY, "1 when the ManagementBackup's Ready condition is True", p -> p.ready);
            gauge(SCHEDULE_ACTIVE, "1 when the ManagementBackup has a schedule and is not suspended", p -> p.scheduleActive);
            createdAt = new OptionalGauge(CREATED, "seconds", "Creation time of the ManagementBackup");
            lastSuccess = new OptionalGauge(LAST_SUCCESS, "seconds", "Completion time of the last Completed backup");
            nextAttempt = new OptionalGauge(NEXT_ATTEMPT, "seconds", "Time of the next scheduled backup");
            lastItems = new OptionalGauge(LAST_ITEMS, null, "Items backed up by the last finished backup");
        }

        synchronized Timer scheduleLag() {
            if (scheduleLag == null) {
                scheduleLag = own(Timer.builder(SCHEDULE_LAG).tags(tags)
                        .description("Delay from a schedule slot to the creation of its Velero Backup").register(registry));
            }
            return scheduleLag;
        }

        synchronized Timer duration() {
            if (duration == null) {
                duration = own(Timer.builder(BACKUP_DURATION).tags(tags)
                        .description("Duration of Velero Backups, from Velero's start to its completion timestamp")
                        .register(registry));
            }
            return duration;
        }

        private void gauge(String name, String description, ToDoubleFunction<PerBackup> value) {
            own(Gauge.builder(name, this, value).tags(tags).strongReference(true).description(description).register(registry));
        }

        // a list (17 meters or so, each added once) takes a tenth of the memory of a concurrent set, per ManagementBackup
        synchronized <M extends Meter> M own(M meter) {
            owned.add(meter);
            return meter;
        }

        private synchronized void disown(Meter meter) {
            owned.remove(meter);
            registry.remove(meter);
        }

        synchronized void removeAll() {
            owned.forEach(registry::remove);
            owned.clear();
        }

        /**
         * The phase of the last backup as the value 1 of the series tagged with it; one series, which changes its phase
         * tag as the backup moves on, instead of one series per possible phase.
         */
        final class PhaseGauge {
            private String phase;
            private Gauge gauge;

            synchronized void set(Optional<String> newPhase) {
                if (newPhase.orElse("").equals(phase == null ? "" : phase)) {
                    return;
                }
                if (gauge != null) {
                    disown(gauge);
                    gauge = null;
                }
                phase = newPhase.orElse(null);
                if (phase != null) {
                    gauge = own(Gauge.builder(LAST_PHASE, () -> 1).tags(tags).tag(PHASE, phase).strongReference(true)
                            .description("1, tagged with the phase of the last Velero Backup (New, InProgress, Completed, "
                                    + "PartiallyFailed, Failed, FailedValidation)")
                            .register(registry));
                }
            }
        }

        /** A gauge that exists only while it has a value: no series rather than a made-up zero. */
        final class OptionalGauge {
            private final String name;
            private final String unit;
            private final String description;
            private volatile double value;
            private volatile Gauge gauge;

            OptionalGauge(String name, String unit, String description) {
                this.name = name;
                this.unit = unit;
                this.description = description;
            }

            synchronized void set(Optional<Double> newValue) {
                if (newValue.isEmpty()) {
                    if (gauge != null) {
                        disown(gauge);
                        gauge = null;
                    }
                    return;
                }
                value = newValue.get();
                if (gauge == null) {
                    gauge = own(Gauge.builder(name, this, g -> g.value).tags(tags).baseUnit(unit).strongReference(true)
                            .description(description).register(registry));
                }
            }
        }
    }
}
