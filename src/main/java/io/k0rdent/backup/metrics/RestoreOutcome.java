package io.k0rdent.backup.metrics;

import io.k0rdent.backup.api.velero.Velero;

/** How a ManagementRestore's Velero Restore ended, as Velero spells the phase: the {@code outcome} tag of restores. */
public enum RestoreOutcome {
    COMPLETED(Velero.COMPLETED),
    PARTIALLY_FAILED(Velero.PARTIALLY_FAILED),
    FAILED(Velero.FAILED),
    FAILED_VALIDATION(Velero.FAILED_VALIDATION);

    private final String tag;

    RestoreOutcome(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code outcome} tag. */
    public String tag() {
        return tag;
    }

    /** The outcome of a terminal Velero Restore phase (Restores end in the same four phases as Backups). */
    public static RestoreOutcome ofPhase(String phase) {
        for (RestoreOutcome outcome : values()) {
            if (outcome.tag.equals(phase)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("not a terminal Velero Restore phase: " + phase);
    }
}
