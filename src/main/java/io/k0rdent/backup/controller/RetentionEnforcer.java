package io.k0rdent.backup.controller;

import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.RetentionSpec;
import io.k0rdent.backup.api.RetentionStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.velero.BackupFactory;
import io.k0rdent.backup.velero.RetentionPolicy;

/**
 * Applies {@code retention.keepLast}: asks Velero to delete (from the cluster and from object storage) the backups
 * {@link RetentionPolicy} chose, through one DeleteBackupRequest per backup with a deterministic name, so asking twice
 * creates nothing new.
 */
@ApplicationScoped
public class RetentionEnforcer {

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final EventRecorder events;

    public RetentionEnforcer(KubernetesClient client, OperatorConfig config, EventRecorder events) {
        this.client = client;
        this.config = config;
        this.events = events;
    }

    /** Name of the DeleteBackupRequest of a backup. */
    public static String requestName(String backupName) {
        return KubernetesNames.boundedName(backupName + "-delete");
    }

    /**
     * @param held true while a restore runs: nothing is deleted and the previous report stays
     * @return the retention status to write, or null when the ManagementBackup has no keepLast
     */
    public RetentionStatus apply(ManagementBackup mb, List<Backup> own, RetentionStatus previous, boolean held) {
        RetentionSpec retention = mb.getSpec() == null ? null : mb.getSpec().getRetention();
        if (retention == null || retention.getKeepLast() == null) {
            return null;
        }
        List<String> beyond = RetentionPolicy.beyondKeepLast(mb, own);
        RetentionStatus status = new RetentionStatus();
        status.setKeepLast(retention.getKeepLast());
        if (retention.isReportOnly()) {
            status.setWouldDelete(beyond);
            if (!beyond.isEmpty() && (previous == null || !Objects.equals(previous.getWouldDelete(), beyond))) {
                events.normal(mb, "RetentionWouldDelete", "keepLast " + retention.getKeepLast() + " would delete "
                        + beyond.size() + " backup(s): " + String.join(", ", beyond));
            }
            return status;
        }
        if (held) {
            return previous;
        }
        for (String backup : beyond) {
            if (requestDeletion(mb, backup)) {
                events.normal(mb, "RetentionDeleteRequested", "Requested deletion of Velero backup " + backup
                        + " (beyond keepLast " + retention.getKeepLast() + ") through DeleteBackupRequest "
                        + requestName(backup));
            }
        }
        status.setDeleting(beyond);
        return status;
    }

    /** Returns true when a new request was created, false when one already existed. */
    private boolean requestDeletion(ManagementBackup mb, String backup) {
        DeleteBackupRequest request = new DeleteBackupRequest();
        request.setMetadata(new ObjectMetaBuilder().withName(requestName(backup)).withNamespace(config.systemNamespace())
                .addToLabels(Labels.MANAGEMENT_BACKUP, BackupFactory.ownerLabelValue(mb.getMetadata().getName()))
                .addToAnnotations(Labels.MANAGEMENT_BACKUP, mb.getMetadata().getName())
                .build());
        DeleteBackupRequest.Spec spec = new DeleteBackupRequest.Spec();
        spec.setBackupName(backup);
        request.setSpec(spec);
        try {
            client.resources(DeleteBackupRequest.class).inNamespace(config.systemNamespace()).resource(request).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                // already requested (by us, earlier): Velero is on it, or its status says why it could not
                return false;
            }
            throw e;
        }
    }
}
