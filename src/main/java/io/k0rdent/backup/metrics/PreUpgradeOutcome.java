package io.k0rdent.backup.metrics;

import java.util.Arrays;
import java.util.Optional;

import io.k0rdent.backup.api.UpgradeBackupState;

/** How a pre-upgrade backup ended: the terminal states of a pre-upgrade backup, as the {@code outcome} tag. */
public enum PreUpgradeOutcome {
    /** The Velero Backup completed. */
    SUCCEEDED("Succeeded"),
    /** The Velero Backup ended Failed, PartiallyFailed or FailedValidation. */
    ERROR("Error"),
    /** The backup was not done within the configured deadline. */
    TIMEOUT("Timeout");

    private final String tag;

    PreUpgradeOutcome(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code outcome} tag. */
    public String tag() {
        return tag;
    }

    /** The outcome a terminal pre-upgrade state stands for; empty while the backup is still under way. */
    public static Optional<PreUpgradeOutcome> of(UpgradeBackupState state) {
        return Arrays.stream(values()).filter(o -> state != null && o.name().equals(state.name())).findFirst();
    }
}
