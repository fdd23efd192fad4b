package io.k0rdent.backup.restore;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.velero.BackupDecider;

/** Finds the Velero Backup a ManagementRestore restores, or says in words why it cannot be restored yet. Pure. */
public final class SourceResolver {

    private SourceResolver() {
    }

    /** The outcome: a backup to restore, or a reason to wait. */
    public sealed interface Resolution permits Found, Unavailable {
    }

    /** The backup to restore. */
    public record Found(Backup backup) implements Resolution {
    }

    /**
     * No backup to restore yet.
     *
     * @param reason a CamelCase reason for conditions and events: {@code InvalidSpec}, {@code BackupNotFound},
     *               {@code BackupNotCompleted}, {@code NoCompletedBackup}
     */
    public record Unavailable(String reason, String message) implements Resolution {
    }

    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String BACKUP_NOT_FOUND = "BackupNotFound";
    public static final String BACKUP_NOT_COMPLETED = "BackupNotCompleted";
    public static final String NO_COMPLETED_BACKUP = "NoCompletedBackup";

    /** Newest first: by completion, then by schedule slot, then by name (a scheduled name sorts by its slot too). */
    static final Comparator<Backup> NEWEST_FIRST = Comparator
            .comparing((Backup b) -> time(b.getStatus() == null ? null : b.getStatus().getCompletionTimestamp()))
            .thenComparing(b -> time(annotation(b, Labels.SLOT_ANNOTATION)))
            .thenComparing(b -> b.getMetadata().getName())
            .reversed();

    /**
     * @param named   the Backup {@code spec.backupName} names, if it exists
     * @param ofOwner the Backups labelled as taken for {@code spec.fromManagementBackup}
     * @param pinned  the backup an earlier attempt restored, which a restart of {@code fromManagementBackup} reuses; null
     *                before the first attempt
     */
    public static Resolution resolve(ManagementRestoreSpec spec, Optional<Backup> named, List<Backup> ofOwner, String pinned,
            String namespace) {
        Optional<String> invalid = validate(spec);
        if (invalid.isPresent()) {
            return new Unavailable(INVALID_SPEC, invalid.get());
        }
        if (spec.hasBackupName()) {
            String name = spec.getBackupName();
            if (named.isEmpty()) {
                return new Unavailable(BACKUP_NOT_FOUND, "Velero Backup " + name + " not found in namespace " + namespace
                        + " (Velero lists the backups of a BackupStorageLocation every backupSyncPeriod)");
            }
            return completed(named.get());
        }
        String owner = spec.getFromManagementBackup();
        if (pinned != null) {
            // a restart restores what the first attempt restored, not a backup taken meanwhile of a half-restored cluster
            Optional<Backup> same = ofOwner.stream().filter(b -> pinned.equals(b.getMetadata().getName())).findFirst();
            if (same.isEmpty()) {
                return new Unavailable(BACKUP_NOT_FOUND, "the previous attempt restored Velero Backup " + pinned
                        + ", which is not (or no longer) a backup of ManagementBackup " + owner + " in namespace " + namespace
                        + "; to restore another backup, name it in spec.backupName");
            }
            return completed(same.get());
        }
        Optional<Backup> latest = ofOwner.stream().filter(b -> Velero.COMPLETED.equals(phase(b))).min(NEWEST_FIRST);
        if (latest.isPresent()) {
            return new Found(latest.get());
        }
        return new Unavailable(NO_COMPLETED_BACKUP, "ManagementBackup " + owner + " has no Completed Velero Backup in namespace "
                + namespace + (ofOwner.isEmpty() ? " (none found)" : " (found " + ofOwner.size() + ", none Completed)"));
    }

    /** Spec checks the CRD schema also makes, repeated here because nothing guarantees the schema ran. */
    public static Optional<String> validate(ManagementRestoreSpec spec) {
        if (spec == null || spec.hasBackupName() == spec.hasFromManagementBackup()) {
            return Optional.of("set exactly one of spec.backupName and spec.fromManagementBackup");
        }
        if (spec.isRollback() && !spec.getRollbackToRelease().matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")) {
            return Optional.of("spec.rollbackToRelease \"" + spec.getRollbackToRelease()
                    + "\" is not a valid Release name (lower case letters, digits, '-' and '.')");
        }
        return Optional.empty();
    }

    private static Resolution completed(Backup backup) {
        String phase = phase(backup);
        if (Velero.COMPLETED.equals(phase)) {
            return new Found(backup);
        }
        String name = backup.getMetadata().getName();
        String shown = phase == null || phase.isEmpty() ? "New" : phase;
        return new Unavailable(BACKUP_NOT_COMPLETED, Velero.isTerminal(phase)
                ? "Velero Backup " + name + " ended " + shown + "; only Completed backups are restored"
                : "Velero Backup " + name + " is " + shown + "; the restore starts when it is Completed");
    }

    private static String phase(Backup backup) {
        return backup.getStatus() == null ? null : backup.getStatus().getPhase();
    }

    private static String annotation(Backup backup, String key) {
        Map<String, String> annotations = backup.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static Instant time(String value) {
        return BackupDecider.parseTime(value).orElse(Instant.MIN);
    }
}
