package io.k0rdent.backup.upgrade;

import java.time.Instant;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.status.StatusCalculator;

/**
 * How a pre-upgrade backup's state shows in the rest of its status. Pure, like {@link StatusCalculator}, which computes
 * everything else: this only prepares its input and adds the upgrade part to its output.
 */
public final class PreUpgradeStatus {

    /** True once the pre-upgrade backup succeeded; otherwise False with the state as reason. */
    public static final String UPGRADE_BACKUP_SUCCEEDED = "UpgradeBackupSucceeded";

    private PreUpgradeStatus() {
    }

    /**
     * The ManagementBackup as the status calculation should see it. While an attempt prepares, no Velero Backup of it exists
     * yet: the previous attempt's name, time and Velero status are forgotten, so they are neither mirrored nor reported as
     * the current error, and the next Backup created counts as new.
     */
    public static ManagementBackup basis(ManagementBackup mb, UpgradeBackupStatus next) {
        ManagementBackupStatus status = mb.getStatus();
        if (status == null || next.getState() != UpgradeBackupState.PREPARING_TO_START
                || (status.getLastBackupName() == null && status.getLastBackup() == null && status.getLastBackupTime() == null)) {
            return mb;
        }
        // only read: the object's metadata and spec as they are, a status of its own
        ManagementBackupStatus forgotten = status.shallowCopy();
        forgotten.setLastBackupName(null);
        forgotten.setLastBackupTime(null);
        forgotten.setLastBackup(null);
        ManagementBackup copy = new ManagementBackup();
        copy.setMetadata(mb.getMetadata());
        copy.setSpec(mb.getSpec());
        copy.setStatus(forgotten);
        return copy;
    }

    /** Adds {@code status.upgradeBackup}, its condition, and the error of a timed-out or failed attempt. */
    public static ManagementBackupStatus apply(ManagementBackupStatus computed, UpgradeBackupStatus upgrade, Long generation,
            Instant now) {
        computed.setUpgradeBackup(upgrade);
        UpgradeBackupState state = upgrade.getState();
        computed.setConditions(Conditions.set(computed.getConditions(), UPGRADE_BACKUP_SUCCEEDED,
                state == UpgradeBackupState.SUCCEEDED, state.wireName(), upgrade.getMessage(), generation, now));
        if (state.isFailed() && computed.getError() == null) {
            // a Velero failure is already the error; a timeout, a lost Backup or a name taken by another object is not
            computed.setError(upgrade.getMessage());
            computed.setConditions(Conditions.set(computed.getConditions(), StatusCalculator.READY, false,
                    "UpgradeBackup" + state.wireName(), upgrade.getMessage(), generation, now));
        }
        return computed;
    }
}
