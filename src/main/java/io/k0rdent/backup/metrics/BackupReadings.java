package io.k0rdent.backup.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.status.StatusCalculator;
import io.k0rdent.backup.velero.BackupDecider;

/**
 * What a ManagementBackup's status and its Velero Backups say, as numbers for metrics. Pure: the same status always reads
 * the same, which is what lets a restarted operator rebuild its gauges and never count a finished backup twice.
 */
public final class BackupReadings {

    /** The phase label of a backup Velero has not picked up yet. */
    public static final String NEW = "New";
    /** The phase label of every phase in which Velero is still working (Queued, InProgress, Finalizing, ...). */
    public static final String IN_PROGRESS = "InProgress";

    /** Phases a Velero Backup ends in, as Velero spells them: the closed set of the {@code phase} tag of counters. */
    public static final List<String> TERMINAL_PHASES = List.of(Velero.COMPLETED, Velero.PARTIALLY_FAILED, Velero.FAILED,
            Velero.FAILED_VALIDATION);

    /** The closed set of the {@code phase} tag of the last-backup state set. */
    public static final List<String> LAST_BACKUP_PHASES = List.of(NEW, IN_PROGRESS, Velero.COMPLETED, Velero.PARTIALLY_FAILED,
            Velero.FAILED, Velero.FAILED_VALIDATION);

    private BackupReadings() {
    }

    /** A Velero Backup that reached a terminal phase in this status change. */
    public record Finished(String backupName, String phase, Optional<Duration> duration, Optional<Integer> itemsBackedUp) {
    }

    /** The gauges of one ManagementBackup. Empty values are not exported at all rather than exported as zero. */
    public record Gauges(Optional<Instant> created, Optional<Instant> lastSuccess, Optional<Instant> nextAttempt,
            Optional<String> lastPhase, Optional<Integer> lastItemsBackedUp, boolean ready, boolean scheduleActive) {
    }

    /**
     * The backup that finished between two statuses, by the same rule as the {@code BackupCompleted}/{@code BackupFailed}
     * events: the mirrored phase became terminal. A status that already showed the terminal phase (a repeated reconcile,
     * a restart) yields nothing, so each Velero Backup is counted once.
     */
    public static Optional<Finished> finished(ManagementBackupStatus old, ManagementBackupStatus updated) {
        if (updated == null || updated.getLastBackup() == null || updated.getLastBackupName() == null) {
            return Optional.empty();
        }
        String phase = updated.getLastBackup().getPhase();
        if (!Velero.isTerminal(phase)) {
            return Optional.empty();
        }
        boolean sameBackup = old != null && Objects.equals(old.getLastBackupName(), updated.getLastBackupName());
        String oldPhase = sameBackup && old.getLastBackup() != null ? old.getLastBackup().getPhase() : null;
        if (phase.equals(oldPhase)) {
            return Optional.empty();
        }
        BackupStatus s = updated.getLastBackup();
        return Optional.of(new Finished(updated.getLastBackupName(), phase, duration(s), itemsBackedUp(s)));
    }

    /**
     * @param own the Velero Backups of this ManagementBackup (by the owner label); the newest Completed one among them
     *        and the status's last backup gives the last success
     */
    public static Gauges gauges(ManagementBackup mb, ManagementBackupStatus status, Collection<Backup> own) {
        Optional<Instant> created = BackupDecider.parseTime(mb.getMetadata().getCreationTimestamp());
        BackupStatus last = status == null ? null : status.getLastBackup();
        Optional<Instant> lastSuccess = own.stream()
                .map(Backup::getStatus)
                .filter(Objects::nonNull)
                .filter(s -> Velero.COMPLETED.equals(s.getPhase()))
                .map(s -> BackupDecider.parseTime(s.getCompletionTimestamp()))
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
        if (last != null && Velero.COMPLETED.equals(last.getPhase())) {
            Optional<Instant> mirrored = BackupDecider.parseTime(last.getCompletionTimestamp());
            if (mirrored.isPresent() && (lastSuccess.isEmpty() || mirrored.get().isAfter(lastSuccess.get()))) {
                lastSuccess = mirrored;
            }
        }
        Optional<Instant> nextAttempt = status == null ? Optional.empty() : BackupDecider.parseTime(status.getNextAttempt());
        Optional<String> lastPhase = status == null || status.getLastBackupName() == null ? Optional.empty()
                : Optional.of(phaseLabel(last == null ? null : last.getPhase()));
        Optional<Integer> items = last != null && Velero.isTerminal(last.getPhase()) ? itemsBackedUp(last) : Optional.empty();
        boolean ready = status != null && Conditions.isTrue(status.getConditions(), StatusCalculator.READY);
        boolean scheduleActive = mb.isScheduled() && !mb.getSpec().suspended();
        return new Gauges(created, lastSuccess, nextAttempt, lastPhase, items, ready, scheduleActive);
    }

    /** Folds Velero's phases onto {@link #LAST_BACKUP_PHASES}; an unknown future phase counts as still in progress. */
    public static String phaseLabel(String veleroPhase) {
        if (veleroPhase == null || veleroPhase.isEmpty() || NEW.equals(veleroPhase)) {
            return NEW;
        }
        return Velero.isTerminal(veleroPhase) ? veleroPhase : IN_PROGRESS;
    }

    static Optional<Duration> duration(BackupStatus status) {
        Optional<Instant> start = BackupDecider.parseTime(status.getStartTimestamp());
        Optional<Instant> end = BackupDecider.parseTime(status.getCompletionTimestamp());
        if (start.isEmpty() || end.isEmpty() || end.get().isBefore(start.get())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(start.get(), end.get()));
    }

    static Optional<Integer> itemsBackedUp(BackupStatus status) {
        return status.getProgress() == null ? Optional.empty() : Optional.ofNullable(status.getProgress().getItemsBackedUp());
    }
}
