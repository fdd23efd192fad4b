package io.k0rdent.backup.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupProgress;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.RestoreProgress;
import io.k0rdent.backup.api.velero.RestoreStatus;

/**
 * Plays Velero's restore side in tests: writes a Restore's status through the object itself (Velero's Restore has no
 * status subresource), and puts Backups in place as Velero's sync from object storage would.
 */
public final class RestoreSimulator {

    private final KubernetesClient client;
    private final String namespace;

    public RestoreSimulator(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public Restore setStatus(String restore, Consumer<RestoreStatus> change) {
        return client.resources(Restore.class).inNamespace(namespace).withName(restore).edit(r -> {
            RestoreStatus status = r.getStatus() == null ? new RestoreStatus() : r.getStatus();
            change.accept(status);
            r.setStatus(status);
            return r;
        });
    }

    public Restore progress(String restore, int restored, int total) {
        return setStatus(restore, s -> {
            s.setPhase("InProgress");
            s.setStartTimestamp("2025-01-20T10:00:00Z");
            RestoreProgress progress = new RestoreProgress();
            progress.setItemsRestored(restored);
            progress.setTotalItems(total);
            s.setProgress(progress);
        });
    }

    public Restore complete(String restore, int items) {
        progress(restore, items / 2, items);
        return setStatus(restore, s -> {
            s.setPhase("Completed");
            s.setCompletionTimestamp("2025-01-20T10:01:00Z");
            s.getProgress().setItemsRestored(items);
        });
    }

    public Restore fail(String restore, String reason) {
        return setStatus(restore, s -> {
            s.setPhase("Failed");
            s.setFailureReason(reason);
            s.setCompletionTimestamp("2025-01-20T10:01:00Z");
        });
    }

    /**
     * A Backup as Velero lists it after syncing it from storage: labels and annotations as this operator wrote them.
     *
     * @param owner     the ManagementBackup it was taken for, or null for a backup made by hand
     * @param slot      its schedule slot (RFC 3339), or null for a single backup
     * @param providers the providers annotation, or null when not recorded
     */
    public Backup backup(String name, String owner, String slot, List<String> providers, String phase, String completion) {
        Backup backup = labelled(name, namespace, owner, slot, providers);
        client.resources(Backup.class).inNamespace(namespace).resource(backup).create();
        if (phase == null) {
            return backup;
        }
        return client.resources(Backup.class).inNamespace(namespace).withName(name).edit(b -> {
            BackupStatus status = new BackupStatus();
            status.setPhase(phase);
            status.setVersion(1);
            status.setFormatVersion("1.1.0");
            status.setStartTimestamp(slot != null ? slot : "2025-01-17T15:50:12Z");
            status.setCompletionTimestamp(completion);
            BackupProgress progress = new BackupProgress();
            progress.setItemsBackedUp(78);
            progress.setTotalItems(78);
            status.setProgress(progress);
            b.setStatus(status);
            return b;
        });
    }

    /**
     * A Backup object labelled and annotated as this operator labels its own (not created).
     *
     * @param owner     the ManagementBackup it was taken for, or null for a backup made by hand
     * @param slot      its schedule slot (RFC 3339), or null for a single backup
     * @param providers the providers annotation, or null when not recorded
     */
    public static Backup labelled(String name, String namespace, String owner, String slot, List<String> providers) {
        Backup backup = new Backup();
        backup.getMetadata().setName(name);
        backup.getMetadata().setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (owner != null) {
            labels.put(Labels.MANAGEMENT_BACKUP, owner);
            annotations.put(Labels.MANAGEMENT_BACKUP, owner);
        }
        if (slot != null) {
            annotations.put(Labels.SLOT_ANNOTATION, slot);
        }
        if (providers != null) {
            annotations.put(Labels.PROVIDERS_ANNOTATION, String.join(",", providers));
        }
        backup.getMetadata().setLabels(labels);
        backup.getMetadata().setAnnotations(annotations);
        return backup;
    }
}
