package io.k0rdent.backup.cache;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;

/**
 * The ManagementBackup controller's cache: objects without {@code managedFields} ({@link LeanItemStore}), their repeated
 * strings shared ({@link SharedStrings}).
 */
public class ManagementBackupStore extends LeanItemStore<ManagementBackup> {

    public ManagementBackupStore() {
        super(ManagementBackupStore::share);
    }

    static void share(ManagementBackup mb) {
        SharedStrings.inMetadata(mb.getMetadata());
        ManagementBackupStatus status = mb.getStatus();
        if (status != null) {
            SharedStrings.inConditions(status.getConditions());
            SharedStrings.inBackupStatus(status.getLastBackup());
            status.setLastBackupName(SharedStrings.of(status.getLastBackupName()));
            status.setLastBackupTime(SharedStrings.of(status.getLastBackupTime()));
            status.setNextAttempt(SharedStrings.of(status.getNextAttempt()));
            status.setLastSlot(SharedStrings.of(status.getLastSlot()));
        }
    }
}
