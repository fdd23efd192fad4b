package io.k0rdent.backup.velero;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.Velero;

/**
 * Chooses the backups {@code retention.keepLast} removes: the Completed scheduled backups this operator took for the
 * ManagementBackup, beyond the newest N by slot. Backups of others, single and pre-upgrade backups, and backups that did
 * not complete are never chosen (Velero's TTL expires those). Pure.
 */
public final class RetentionPolicy {

    private RetentionPolicy() {
    }

    /** A backup eligible for retention and the slot it was taken for. */
    private record Candidate(Backup backup, Instant slot) {
    }

    /** Names of the backups to delete, oldest last; empty without {@code retention.keepLast}. */
    public static List<String> beyondKeepLast(ManagementBackup mb, List<Backup> backups) {
        Integer keepLast = mb.getSpec() == null || mb.getSpec().getRetention() == null ? null
                : mb.getSpec().getRetention().getKeepLast();
        if (keepLast == null || keepLast < 1) {
            return List.of();
        }
        String owner = BackupFactory.ownerLabelValue(mb.getMetadata().getName());
        return backups.stream()
                .filter(b -> owner.equals(label(b, Labels.MANAGEMENT_BACKUP)))
                .filter(b -> label(b, Labels.RELEASE_BACKUP) == null)
                .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
                .filter(b -> b.getStatus() != null && Velero.COMPLETED.equals(b.getStatus().getPhase()))
                .flatMap(b -> BackupSlots.slotOf(mb, b).map(slot -> new Candidate(b, slot)).stream())
                .sorted(Comparator.comparing((Candidate c) -> c.slot()).thenComparing(c -> c.backup().getMetadata().getName())
                        .reversed())
                .skip(keepLast)
                .map(c -> c.backup().getMetadata().getName())
                .toList();
    }

    private static String label(Backup backup, String key) {
        Map<String, String> labels = backup.getMetadata().getLabels();
        return Optional.ofNullable(labels).map(l -> l.get(key)).orElse(null);
    }
}
