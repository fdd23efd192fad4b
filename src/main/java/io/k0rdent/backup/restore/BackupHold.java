package io.k0rdent.backup.restore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupDecider.Blocker;
import io.k0rdent.backup.velero.BackupDecider.Decision;

/**
 * Holds new backups (and retention deletions) while a management restore runs: a backup then would capture a
 * half-restored cluster and become the "latest" one, and retention might delete the backup being restored. Pure.
 */
public final class BackupHold {

    /** Condition type and reason of a held ManagementBackup. */
    public static final String RESTORE_IN_PROGRESS = "RestoreInProgress";

    private BackupHold() {
    }

    /** Why backups wait, naming the first running restore; empty when none runs. */
    public static Optional<String> reason(List<Restore> running) {
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Restore first = running.get(0);
        Map<String, String> annotations = first.getMetadata().getAnnotations();
        String owner = annotations == null ? null : annotations.get(Labels.MANAGEMENT_RESTORE);
        String phase = first.phase() == null || first.phase().isEmpty() ? "New" : first.phase();
        return Optional.of("Velero Restore " + first.getMetadata().getName()
                + (owner == null ? "" : " of ManagementRestore " + owner) + " is " + phase
                + ": new backups wait until it has ended");
    }

    /** The decision, with a backup it would create turned into a wait; other decisions pass unchanged. */
    public static Decision hold(Decision decision, Optional<String> reason) {
        if (reason.isEmpty() || !(decision.action() instanceof BackupDecider.Create)) {
            return decision;
        }
        return new Decision(new BackupDecider.Nothing(), decision.nextAttempt(),
                Optional.of(new Blocker(RESTORE_IN_PROGRESS, RESTORE_IN_PROGRESS, reason.get())));
    }
}
