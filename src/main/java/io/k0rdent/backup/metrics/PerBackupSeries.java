package io.k0rdent.backup.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.prometheus.client.Collector;

/**
 * The series of every ManagementBackup, kept as one small record per object and turned into Prometheus samples only
 * when scraped. Registering the same series as Micrometer meters costs about 4 KiB per ManagementBackup (17 meters, each
 * with its id, tags and registry entries); a record costs about 330 bytes, and forgetting an object is one map removal.
 *
 * <p>The text it produces is the one Micrometer's Prometheus registry produces for the equivalent meters: counters as
 * {@code _total}, durations as a summary ({@code _count}, {@code _sum}) and a {@code _max} gauge over a sliding window of
 * one to two minutes, optional gauges absent while they have no value.
 */
final class PerBackupSeries extends Collector implements Collector.Describable {

    private static final List<String> BY_OBJECT = List.of(BackupMetrics.MANAGEMENT_BACKUP);
    private static final List<String> BY_OBJECT_AND_PHASE = List.of(BackupMetrics.MANAGEMENT_BACKUP, BackupMetrics.PHASE);
    private static final List<String> TERMINAL_PHASES = BackupReadings.TERMINAL_PHASES;

    /** The families, in the order they are written; each knows how to read its samples from one record. */
    enum Family {
        BACKUPS_CREATED("kcm_backup_backups_created", Type.COUNTER, "Velero Backups created (backups attempted)"),
        BACKUPS_FINISHED("kcm_backup_backups_finished", Type.COUNTER, "Velero Backups that ended, by terminal phase"),
        SLOTS_SKIPPED("kcm_backup_slots_skipped", Type.COUNTER,
                "Schedule slots skipped because the previous backup was still running"),
        READY("kcm_backup_ready", Type.GAUGE, "1 when the ManagementBackup's Ready condition is True"),
        SCHEDULE_ACTIVE("kcm_backup_schedule_active", Type.GAUGE,
                "1 when the ManagementBackup has a schedule and is not suspended"),
        LAST_PHASE("kcm_backup_last_backup_phase", Type.GAUGE, "1, tagged with the phase of the last Velero Backup "
                + "(New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation)"),
        CREATED("kcm_backup_created_timestamp_seconds", Type.GAUGE, "Creation time of the ManagementBackup"),
        LAST_SUCCESS("kcm_backup_last_success_timestamp_seconds", Type.GAUGE, "Completion time of the last Completed backup"),
        NEXT_ATTEMPT("kcm_backup_next_attempt_timestamp_seconds", Type.GAUGE, "Time of the next scheduled backup"),
        LAST_ITEMS("kcm_backup_last_backup_items", Type.GAUGE, "Items backed up by the last finished backup"),
        SCHEDULE_LAG("kcm_backup_schedule_lag_seconds", Type.SUMMARY,
                "Delay from a schedule slot to the creation of its Velero Backup"),
        SCHEDULE_LAG_MAX("kcm_backup_schedule_lag_seconds_max", Type.GAUGE,
                "Delay from a schedule slot to the creation of its Velero Backup"),
        DURATION("kcm_backup_backup_duration_seconds", Type.SUMMARY,
                "Duration of Velero Backups, from Velero's start to its completion timestamp"),
        DURATION_MAX("kcm_backup_backup_duration_seconds_max", Type.GAUGE,
                "Duration of Velero Backups, from Velero's start to its completion timestamp");

        final String prometheusName;
        final Type type;
        final String help;

        Family(String prometheusName, Type type, String help) {
            this.prometheusName = prometheusName;
            this.type = type;
            this.help = help;
        }
    }

    private final Clock clock;
    private final Map<String, Series> byName = new ConcurrentHashMap<>();

    PerBackupSeries(Clock clock) {
        this.clock = clock;
    }

    /** The record of {@code name}, created at first use with every counter at 0. */
    Series of(String name) {
        return byName.computeIfAbsent(name, n -> new Series(n, clock.millis()));
    }

    /** Drops every series of {@code name}. */
    void forget(String name) {
        byName.remove(name);
    }

    @Override
    public List<MetricFamilySamples> describe() {
        List<MetricFamilySamples> families = new ArrayList<>();
        for (Family family : Family.values()) {
            families.add(new MetricFamilySamples(family.prometheusName, family.type, family.help, List.of()));
        }
        return families;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Family[] all = Family.values();
        List<List<MetricFamilySamples.Sample>> samples = new ArrayList<>(all.length);
        for (int i = 0; i < all.length; i++) {
            samples.add(new ArrayList<>());
        }
        long now = clock.millis();
        for (Series series : byName.values()) {
            series.addSamples(samples, now);
        }
        List<MetricFamilySamples> families = new ArrayList<>(all.length);
        for (Family family : all) {
            List<MetricFamilySamples.Sample> ofFamily = samples.get(family.ordinal());
            if (!ofFamily.isEmpty()) {
                // a family without samples is left out, as Micrometer leaves out a meter that is not registered
                families.add(new MetricFamilySamples(family.prometheusName, family.type, family.help, ofFamily));
            }
        }
        return families;
    }

    /**
     * One ManagementBackup's numbers. Writers (its reconciles) and the scrape synchronize on it; there is no contention
     * beyond a reconcile meeting a scrape.
     */
    static final class Series {
        private final List<String> labels;
        private long created;
        private final long[] finished = new long[TERMINAL_PHASES.size()];
        private long skipped;
        private boolean ready;
        private boolean scheduleActive;
        private String lastPhase;
        private double createdAt = Double.NaN;
        private double lastSuccess = Double.NaN;
        private double nextAttempt = Double.NaN;
        private double lastItems = Double.NaN;
        private final Summary scheduleLag;
        private final Summary duration;

        Series(String name, long now) {
            labels = List.of(name);
            scheduleLag = new Summary(now);
            duration = new Summary(now);
        }

        synchronized void backupCreated() {
            created++;
        }

        /** Counts a backup that ended in {@code phase}; false when it is not a terminal phase. */
        synchronized boolean backupFinished(String phase) {
            int index = TERMINAL_PHASES.indexOf(phase);
            if (index < 0) {
                return false;
            }
            finished[index]++;
            return true;
        }

        synchronized void slotSkipped() {
            skipped++;
        }

        synchronized void scheduleLag(double seconds, long now) {
            scheduleLag.record(seconds, now);
        }

        synchronized void duration(double seconds, long now) {
            duration.record(seconds, now);
        }

        /** Sets every gauge; {@code NaN} (or a null phase) leaves a gauge out of the scrape. */
        synchronized void gauges(boolean ready, boolean scheduleActive, String lastPhase, double createdAt,
                double lastSuccess, double nextAttempt, double lastItems) {
            this.ready = ready;
            this.scheduleActive = scheduleActive;
            this.lastPhase = lastPhase;
            this.createdAt = createdAt;
            this.lastSuccess = lastSuccess;
            this.nextAttempt = nextAttempt;
            this.lastItems = lastItems;
        }

        synchronized void addSamples(List<List<MetricFamilySamples.Sample>> samples, long now) {
            add(samples, Family.BACKUPS_CREATED, "_total", created);
            for (int i = 0; i < finished.length; i++) {
                add(samples, Family.BACKUPS_FINISHED, "_total", TERMINAL_PHASES.get(i), finished[i]);
            }
            add(samples, Family.SLOTS_SKIPPED, "_total", skipped);
            add(samples, Family.READY, "", ready ? 1 : 0);
            add(samples, Family.SCHEDULE_ACTIVE, "", scheduleActive ? 1 : 0);
            if (lastPhase != null) {
                add(samples, Family.LAST_PHASE, "", lastPhase, 1);
            }
            add(samples, Family.CREATED, "", createdAt);
            add(samples, Family.LAST_SUCCESS, "", lastSuccess);
            add(samples, Family.NEXT_ATTEMPT, "", nextAttempt);
            add(samples, Family.LAST_ITEMS, "", lastItems);
            addSummary(samples, Family.SCHEDULE_LAG, Family.SCHEDULE_LAG_MAX, scheduleLag, now);
            addSummary(samples, Family.DURATION, Family.DURATION_MAX, duration, now);
        }

        private void addSummary(List<List<MetricFamilySamples.Sample>> samples, Family family, Family max, Summary summary,
                long now) {
            if (summary.count == 0) {
                return;
            }
            add(samples, family, "_count", summary.count);
            add(samples, family, "_sum", summary.sum);
            add(samples, max, "", summary.max(now));
        }

        private void add(List<List<MetricFamilySamples.Sample>> samples, Family family, String suffix, double value) {
            if (!Double.isNaN(value)) {
                samples.get(family.ordinal()).add(
                        new MetricFamilySamples.Sample(family.prometheusName + suffix, BY_OBJECT, labels, value));
            }
        }

        /** A sample labelled with the object and a {@code phase}. */
        private void add(List<List<MetricFamilySamples.Sample>> samples, Family family, String suffix, String phase,
                double value) {
            samples.get(family.ordinal()).add(new MetricFamilySamples.Sample(family.prometheusName + suffix,
                    BY_OBJECT_AND_PHASE, List.of(labels.get(0), phase), value));
        }
    }

    /**
     * Count, sum and the largest value of the last one to two minutes, as Micrometer's timers export them: every value
     * goes into two windows, the older one is exported, and every minute the newer one takes its place.
     */
    static final class Summary {
        static final long WINDOW_MILLIS = 60_000;

        long count;
        double sum;
        private long windowStart;
        private double older;
        private double newer;

        Summary(long now) {
            windowStart = now;
        }

        void record(double value, long now) {
            rotate(now);
            count++;
            sum += value;
            older = Math.max(older, value);
            newer = Math.max(newer, value);
        }

        double max(long now) {
            rotate(now);
            return older;
        }

        private void rotate(long now) {
            long elapsed = now - windowStart;
            if (elapsed < WINDOW_MILLIS) {
                return;
            }
            older = elapsed < 2 * WINDOW_MILLIS ? newer : 0;
            newer = 0;
            windowStart = now - elapsed % WINDOW_MILLIS;
        }
    }
}
