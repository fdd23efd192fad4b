package io.k0rdent.backup.test;

import java.util.List;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;

/**
 * Plays Velero's backup deletion controller in tests: for each new DeleteBackupRequest it deletes the named Backup and
 * marks the request Processed (through the object itself; Velero's CRD declares no status subresource to use).
 */
public final class VeleroDeletions {

    private final KubernetesClient client;
    private final String namespace;

    public VeleroDeletions(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public List<DeleteBackupRequest> requests() {
        return client.resources(DeleteBackupRequest.class).inNamespace(namespace).list().getItems();
    }

    /** Processes every request not processed yet; returns how many it processed. */
    public int process() {
        int processed = 0;
        for (DeleteBackupRequest request : requests()) {
            if (process(request)) {
                processed++;
            }
        }
        return processed;
    }

    /** Deletes the Backup a request names and marks it Processed, unless it already is; true when it processed it. */
    public boolean process(DeleteBackupRequest request) {
        if (request.getStatus() != null && "Processed".equals(request.getStatus().getPhase())) {
            return false;
        }
        client.resources(Backup.class).inNamespace(namespace).withName(request.getSpec().getBackupName()).delete();
        client.resources(DeleteBackupRequest.class).inNamespace(namespace).withName(request.getMetadata().getName())
                .edit(r -> {
                    DeleteBackupRequest.Status status = new DeleteBackupRequest.Status();
                    status.setPhase("Processed");
                    r.setStatus(status);
                    return r;
                });
        return true;
    }

    /** Answers every request as Velero does for a backup it will not delete, e.g. one still in progress. */
    public void refuse(String error) {
        for (DeleteBackupRequest request : requests()) {
            client.resources(DeleteBackupRequest.class).inNamespace(namespace).withName(request.getMetadata().getName())
                    .edit(r -> {
                        DeleteBackupRequest.Status status = new DeleteBackupRequest.Status();
                        status.setPhase("Processed");
                        status.setErrors(List.of(error));
                        r.setStatus(status);
                        return r;
                    });
        }
    }

    public void deleteAll() {
        client.resources(DeleteBackupRequest.class).inNamespace(namespace).delete();
    }
}
