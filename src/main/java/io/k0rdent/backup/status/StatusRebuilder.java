package io.k0rdent.backup.status;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupSlots;

/**
 * Rebuilds the status of a ManagementBackup that records no backup although its Velero Backups exist: a restore brings
 * the object back without its status (a subresource), and without this a schedule would start over from the object's
 * new creation time and a single backup would look not taken. Pure.
 */
public final class StatusRebuilder {

    private StatusRebuilder() {
    }

    /** A status that names no backup and no slot: a new object, or one restored without its status. */
    public static boolean recordsNothing(ManagementBackupStatus status) {
        return status == null || (status.getLastBackupName() == null && status.getLastBackupTime() == null
                && status.getLastSlot() == null);
    }

    /**
     * @param own the Velero Backups labelled as this ManagementBackup's
     * @return the rebuilt status, or empty when there is nothing to rebuild from (or nothing to rebuild)
     */
    public static Optional<ManagementBackupStatus> rebuild(ManagementBackup mb, List<Backup> own) {
        if (!recordsNothing(mb.getStatus())) {
            return Optional.empty();
        }
        ManagementBackupStatus status = mb.getStatus() == null ? new ManagementBackupStatus() : mb.getStatus().shallowCopy();
        if (mb.isScheduled()) {
            record Taken(Backup backup, Instant slot) {
            }
            Optional<Taken> latest = own.stream()
                    .flatMap(b -> BackupSlots.slotOf(mb, b).map(slot -> new Taken(b, slot)).stream())
                    .max(Comparator.comparing(Taken::slot).thenComparing(t -> t.backup().getMetadata().getName()));
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            String slot = StatusCalculator.format(latest.get().slot());
            status.setLastBackupName(latest.get().backup().getMetadata().getName());
            status.setLastBackupTime(slot);
            status.setLastSlot(slot);
            status.setLastBackup(latest.get().backup().getStatus());
            return Optional.of(status);
        }
        String name = mb.singleBackupName();
        Optional<Backup> single = own.stream().filter(b -> name.equals(b.getMetadata().getName())).findFirst();
        if (single.isEmpty()) {
            return Optional.empty();
        }
        Backup backup = single.get();
        // Velero keeps the status when it syncs a backup from storage, but gives the object a new creation time
        String started = backup.getStatus() == null ? null : backup.getStatus().getStartTimestamp();
        Optional<Instant> taken = BackupDecider.parseTime(started)
                .or(() -> BackupDecider.parseTime(backup.getMetadata().getCreationTimestamp()));
        status.setLastBackupName(name);
        status.setLastBackupTime(taken.map(StatusCalculator::format).orElse(null));
        status.setLastBackup(backup.getStatus());
        return Optional.of(status);
    }
}
