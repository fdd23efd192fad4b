package io.k0rdent.backup.restore;

import java.util.List;

import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.RestoreStatus;
import io.k0rdent.backup.test.RestoreSimulator;

/** Small builders for the pure restore tests. */
final class RestoreFixtures {

    static final String NS = "kcm-system";

    private RestoreFixtures() {
    }

    static ManagementRestore restoreOf(String name, String backupName) {
        ManagementRestore mr = new ManagementRestore();
        mr.getMetadata().setName(name);
        mr.getMetadata().setUid("0c6ab1f2-5a7e-4c51-9d5e-0e8f6b9c1a22");
        mr.getMetadata().setGeneration(1L);
        ManagementRestoreSpec spec = new ManagementRestoreSpec();
        spec.setBackupName(backupName);
        mr.setSpec(spec);
        return mr;
    }

    static ManagementRestore latestOf(String name, String managementBackup) {
        ManagementRestore mr = restoreOf(name, null);
        mr.getSpec().setFromManagementBackup(managementBackup);
        return mr;
    }

    /** A Backup this operator took for {@code owner} (null: someone else's), with its recorded providers (null: none). */
    static Backup backup(String name, String owner, String phase, String completion, String slot, List<String> providers) {
        Backup backup = RestoreSimulator.labelled(name, NS, owner, slot, providers);
        if (phase != null) {
            BackupStatus status = new BackupStatus();
            status.setPhase(phase);
            status.setCompletionTimestamp(completion);
            backup.setStatus(status);
        }
        return backup;
    }

    static Backup completed(String name, List<String> providers) {
        return backup(name, "kcm", "Completed", "2025-01-17T18:00:18Z", null, providers);
    }

    static Restore veleroRestore(String name, String phase) {
        Restore restore = new Restore();
        restore.getMetadata().setName(name);
        restore.getMetadata().setNamespace(NS);
        if (phase != null) {
            RestoreStatus status = new RestoreStatus();
            status.setPhase(phase);
            restore.setStatus(status);
        }
        return restore;
    }
}
