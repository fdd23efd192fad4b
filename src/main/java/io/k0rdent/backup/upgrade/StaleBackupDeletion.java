package io.k0rdent.backup.upgrade;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.velero.BackupFactory;

/**
 * The DeleteBackupRequest that removes a Velero Backup left by an earlier attempt. Deleting the Backup object alone would
 * leave its data in object storage and Velero would sync it back; a DeleteBackupRequest removes both.
 */
public final class StaleBackupDeletion {

    private StaleBackupDeletion() {
    }

    /** One name per attempt: asking twice in one attempt finds the first request instead of piling up new ones. */
    public static String requestName(String backupName, int attempt) {
        return KubernetesNames.boundedName(backupName + "-cleanup-" + attempt);
    }

    public static DeleteBackupRequest request(String backupName, int attempt, String namespace, String managementBackup) {
        DeleteBackupRequest request = new DeleteBackupRequest();
        request.setMetadata(new ObjectMetaBuilder().withName(requestName(backupName, attempt)).withNamespace(namespace)
                .withLabels(Map.of(Labels.MANAGEMENT_BACKUP, BackupFactory.ownerLabelValue(managementBackup)))
                .build());
        DeleteBackupRequest.Spec spec = new DeleteBackupRequest.Spec();
        spec.setBackupName(backupName);
        request.setSpec(spec);
        return request;
    }
}
