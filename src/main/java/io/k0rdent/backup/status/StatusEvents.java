package io.k0rdent.backup.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.velero.BackupDecider;

/** The Kubernetes events a status change is worth: only transitions, so a steady state emits nothing. */
public final class StatusEvents {

    /** One event to record on the ManagementBackup. */
    public record EventSpec(boolean warning, String reason, String message) {
    }

    private StatusEvents() {
    }

    public static List<EventSpec> between(ManagementBackupStatus old, ManagementBackupStatus updated, Outcome outcome) {
        ManagementBackupStatus before = old == null ? new ManagementBackupStatus() : old;
        List<EventSpec> events = new ArrayList<>();
        if (outcome.backupName() != null && !outcome.backupName().equals(before.getLastBackupName())) {
            events.add(new EventSpec(false, "BackupCreated", "Created Velero backup " + outcome.backupName()
                    + (outcome.handledSlot() == null ? "" : " for slot " + StatusCalculator.format(outcome.handledSlot()))));
        }
        if (outcome.skipReason() != null) {
            events.add(new EventSpec(true, "BackupSkipped", "Skipped slot " + StatusCalculator.format(outcome.handledSlot())
                    + ": " + outcome.skipReason()));
        }
        if (outcome.refusal() != null) {
            // once per refused attempt, not each time it is held
            if (!outcome.refusalHeld()) {
                events.add(new EventSpec(true, outcome.refusal().getReason(), outcome.refusal().getMessage()));
            }
        } else if (outcome.failure() != null && !Objects.equals(outcome.failure(), before.getError())) {
            events.add(new EventSpec(true, "BackupNotCreated", outcome.failure()));
        }
        String oldPhase = before.getLastBackup() == null || !Objects.equals(before.getLastBackupName(), updated.getLastBackupName())
                ? null : before.getLastBackup().getPhase();
        String newPhase = updated.getLastBackup() == null ? null : updated.getLastBackup().getPhase();
        if (Velero.isTerminal(newPhase) && !Objects.equals(oldPhase, newPhase)) {
            boolean completed = Velero.COMPLETED.equals(newPhase);
            events.add(new EventSpec(!completed, completed ? "BackupCompleted" : "Backup" + newPhase,
                    completed ? "Velero backup " + updated.getLastBackupName() + " completed"
                            : Objects.requireNonNullElse(updated.getError(), "Velero backup " + updated.getLastBackupName()
                                    + " ended " + newPhase)));
        }
        if (outcome.selection() != null) {
            boolean wasSuperset = Conditions.isFalse(before.getConditions(), StatusCalculator.SELECTION_EXACT);
            String message = Conditions.find(updated.getConditions(), StatusCalculator.SELECTION_EXACT)
                    .map(c -> c.getMessage()).orElse(outcome.selection().message());
            if (!outcome.selection().exact() && !wasSuperset) {
                events.add(new EventSpec(true, StatusCalculator.SUPERSET_SELECTION, message));
            } else if (outcome.selection().exact() && wasSuperset) {
                events.add(new EventSpec(false, StatusCalculator.SELECTION_EXACT, message));
            }
        }
        becameFalse(before, updated, BackupDecider.SCHEDULE_VALID, "InvalidSchedule", events);
        becameFalse(before, updated, BackupDecider.VELERO_INSTALLED, "VeleroNotInstalled", events);
        becameFalse(before, updated, BackupDecider.STORAGE_LOCATION_AVAILABLE, "StorageLocationUnavailable", events);
        return events;
    }

    private static void becameFalse(ManagementBackupStatus before, ManagementBackupStatus after, String type, String reason,
            List<EventSpec> events) {
        if (Conditions.isFalse(after.getConditions(), type) && !Conditions.isFalse(before.getConditions(), type)) {
            String message = Conditions.find(after.getConditions(), type).map(c -> c.getMessage()).orElse(reason);
            events.add(new EventSpec(true, reason, message));
        }
    }
}
