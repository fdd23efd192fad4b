package io.k0rdent.backup.api;

/** Where a ManagementRestore stands; the Velero phase of the current attempt is in {@code status.restore.phase}. */
public enum RestorePhase {
    /** Not started: waiting for Velero, the backup, or a fix of the spec ({@code status.error} says which). */
    Pending,
    /** Dry run: the plan is in {@code status.plan}, nothing was created. */
    Planned,
    /** The Velero Restore of the current attempt exists and has not ended. */
    InProgress,
    /** Velero restored everything. */
    Completed,
    /** Velero finished but could not restore some items; {@code status.restore.errors} counts them. */
    PartiallyFailed,
    /** Velero rejected or aborted the restore. */
    Failed;

    public boolean isTerminal() {
        return this == Completed || this == PartiallyFailed || this == Failed;
    }
}
