package io.k0rdent.backup.test;

import java.util.Map;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupProgress;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.api.velero.BackupStorageLocation;

/**
 * Plays Velero in tests. Velero's Backup has no status subresource, so Velero (and this simulator) writes the status by
 * patching the object itself, never {@code /status}.
 */
public final class VeleroSimulator {

    private final KubernetesClient client;
    private final String namespace;

    public VeleroSimulator(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public Backup setStatus(String backup, Consumer<BackupStatus> change) {
        return client.resources(Backup.class).inNamespace(namespace).withName(backup).edit(b -> {
            BackupStatus status = b.getStatus() == null ? new BackupStatus() : b.getStatus();
            change.accept(status);
            b.setStatus(status);
            return b;
        });
    }

    public Backup phase(String backup, String phase) {
        return setStatus(backup, s -> s.setPhase(phase));
    }

    /** Moves a backup through InProgress to Completed with realistic fields, like Velero 1.15 writes them. */
    public Backup complete(String backup, int items) {
        setStatus(backup, s -> {
            s.setPhase("InProgress");
            s.setVersion(1);
            s.setFormatVersion("1.1.0");
            s.setStartTimestamp("2025-01-17T18:00:12Z");
            s.setExpiration("2025-02-16T18:00:12Z");
        });
        return setStatus(backup, s -> {
            s.setPhase("Completed");
            s.setCompletionTimestamp("2025-01-17T18:00:18Z");
            BackupProgress progress = new BackupProgress();
            progress.setItemsBackedUp(items);
            progress.setTotalItems(items);
            s.setProgress(progress);
        });
    }

    /**
     * A location as Velero's CRD requires it (a provider and a bucket, which the operator never reads), written with the
     * generic client because the operator's own class holds only the fields it reads.
     */
    public BackupStorageLocation storageLocation(String name, boolean isDefault, String phase) {
        GenericKubernetesResource location = new GenericKubernetesResourceBuilder()
                .withApiVersion("velero.io/v1").withKind("BackupStorageLocation")
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToAdditionalProperties("spec", Map.of("default", isDefault, "provider", "aws",
                        "objectStorage", Map.of("bucket", "kcm-backups")))
                .addToAdditionalProperties("status", Map.of("phase", phase))
                .build();
        GenericKubernetesResource stored = client.genericKubernetesResources("velero.io/v1", "BackupStorageLocation")
                .inNamespace(namespace).resource(location).createOr(r -> r.update());
        return client.getKubernetesSerialization().convertValue(stored, BackupStorageLocation.class);
    }

    /** A BackupStorageLocation as Velero shows it, not stored anywhere. */
    public static BackupStorageLocation location(String name, String namespace, boolean isDefault, String phase) {
        BackupStorageLocation location = new BackupStorageLocation();
        location.getMetadata().setName(name);
        location.getMetadata().setNamespace(namespace);
        BackupStorageLocation.Spec spec = new BackupStorageLocation.Spec();
        spec.setDefaultLocation(isDefault);
        location.setSpec(spec);
        BackupStorageLocation.Status status = new BackupStorageLocation.Status();
        status.setPhase(phase);
        location.setStatus(status);
        return location;
    }
}
