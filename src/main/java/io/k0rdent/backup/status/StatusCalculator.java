package io.k0rdent.backup.status;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupDecider.Blocker;
import io.k0rdent.backup.velero.BackupDecider.Decision;
import io.k0rdent.backup.velero.BackupSelectors.Selection;
import io.k0rdent.backup.velero.StorageLocationCheck;

/** Computes a ManagementBackup's next status from the previous one, the decision, what was done and what Velero reports. */
public final class StatusCalculator {

    public static final String READY = "Ready";
    public static final String BACKUP_IN_PROGRESS = "BackupInProgress";
    /** Whether the last Backup created selects exactly the objects kcm selects, or a superset that fits (BackupSelectors). */
    public static final String SELECTION_EXACT = "SelectionExact";
    public static final String SUPERSET_SELECTION = "SupersetSelection";

    private StatusCalculator() {
    }

    /**
     * @param lastBackup the Velero Backup named by the resulting {@code lastBackupName}, as cached; empty if unknown
     */
    public static ManagementBackupStatus next(ManagementBackup mb, Decision decision, StorageLocationCheck location,
            Outcome outcome, Optional<Backup> lastBackup, Instant now) {
        ManagementBackupStatus old = mb.getStatus() == null ? new ManagementBackupStatus() : mb.getStatus();
        ManagementBackupStatus status = old.shallowCopy();
        Long generation = mb.getMetadata().getGeneration();

        if (outcome.backupName() != null) {
            status.setLastBackupName(outcome.backupName());
            status.setLastBackupTime(format(outcome.backupTime()));
            if (!outcome.backupName().equals(old.getLastBackupName())) {
                status.setLastBackup(null);
            }
        }
        if (outcome.handledSlot() != null) {
            status.setLastSlot(format(outcome.handledSlot()));
        }
        // kept only while it holds: whatever else happens (a backup taken, nothing due) is a change of its inputs
        status.setRefusal(outcome.refusal());
        lastBackup.filter(b -> b.getMetadata().getName().equals(status.getLastBackupName()))
                .map(Backup::getStatus)
                .ifPresent(status::setLastBackup);
        status.setNextAttempt(mb.isScheduled() ? decision.nextAttempt().map(StatusCalculator::format).orElse(null) : null);
        status.setObservedGeneration(generation);

        List<Condition> conditions = UnreadableStatus.readable(status.getConditions());
        Optional<Blocker> blocker = decision.blocker();
        boolean scheduleInvalid = blocker.filter(b -> BackupDecider.SCHEDULE_VALID.equals(b.condition())).isPresent();
        conditions = mb.isScheduled()
                ? Conditions.set(conditions, BackupDecider.SCHEDULE_VALID, !scheduleInvalid,
                        scheduleInvalid ? "InvalidSchedule" : "Parsed",
                        scheduleInvalid ? blocker.get().message() : "schedule \"" + mb.getSpec().getSchedule() + "\" is valid",
                        generation, now)
                : Conditions.remove(conditions, BackupDecider.SCHEDULE_VALID);
        boolean veleroMissing = blocker.filter(b -> BackupDecider.VELERO_INSTALLED.equals(b.condition())).isPresent();
        conditions = Conditions.set(conditions, BackupDecider.VELERO_INSTALLED, !veleroMissing,
                veleroMissing ? "VeleroNotInstalled" : "Found",
                veleroMissing ? blocker.get().message() : "Velero's API is served", generation, now);
        if (!veleroMissing) {
            conditions = Conditions.set(conditions, BackupDecider.STORAGE_LOCATION_AVAILABLE, location.available(),
                    location.reason(), location.message(), generation, now);
        }
        String phase = status.getLastBackup() == null ? null : status.getLastBackup().getPhase();
        boolean inProgress = status.getLastBackupName() != null && Velero.isRunning(phase);
        conditions = Conditions.set(conditions, BACKUP_IN_PROGRESS, inProgress, inProgress ? "InProgress" : "Idle",
                inProgress ? "Velero backup " + status.getLastBackupName() + " is " + (phase == null ? "New" : phase)
                        : "no backup is running",
                generation, now);

        // describes the last Backup created, so it changes only when one is
        if (outcome.selection() != null) {
            Selection selection = outcome.selection();
            conditions = Conditions.set(conditions, SELECTION_EXACT, selection.exact(),
                    selection.exact() ? "ExactSelection" : SUPERSET_SELECTION,
                    "Velero backup " + outcome.backupName() + " " + selection.message(), generation, now);
        }

        String error = blocker.map(Blocker::message)
                .or(() -> Optional.ofNullable(outcome.failure()))
                .or(() -> lastBackupFailure(status))
                .orElse(null);
        status.setError(error);
        String readyReason = blocker.map(Blocker::reason)
                .orElse(outcome.refusal() != null ? outcome.refusal().getReason()
                        : outcome.failure() != null ? "BackupNotCreated" : error != null ? "LastBackupFailed" : "Ready");
        conditions = Conditions.set(conditions, READY, error == null, readyReason,
                error == null ? readyMessage(mb, status) : error, generation, now);
        status.setConditions(conditions);
        return status;
    }

    private static String readyMessage(ManagementBackup mb, ManagementBackupStatus status) {
        if (mb.isScheduled()) {
            if (mb.getSpec().suspended()) {
                return "schedule suspended";
            }
            return status.getNextAttempt() == null ? "schedule has no further slots" : "next backup at " + status.getNextAttempt();
        }
        return status.getLastBackupName() == null ? "backup pending" : "backup " + status.getLastBackupName() + " taken";
    }

    private static Optional<String> lastBackupFailure(ManagementBackupStatus status) {
        BackupStatus last = status.getLastBackup();
        if (last == null || last.getPhase() == null || !Velero.isTerminal(last.getPhase())
                || Velero.COMPLETED.equals(last.getPhase())) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder("Velero backup ").append(status.getLastBackupName()).append(" ended ")
                .append(last.getPhase());
        if (last.getFailureReason() != null && !last.getFailureReason().isBlank()) {
            message.append(": ").append(last.getFailureReason());
        }
        if (last.getValidationErrors() != null && !last.getValidationErrors().isEmpty()) {
            message.append(": ").append(String.join("; ", last.getValidationErrors()));
        }
        if (last.getErrors() != null && last.getErrors() > 0) {
            message.append(" (").append(last.getErrors()).append(" errors)");
        }
        return Optional.of(message.toString());
    }

    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
