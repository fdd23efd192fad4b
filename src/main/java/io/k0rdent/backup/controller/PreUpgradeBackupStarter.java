package io.k0rdent.backup.controller;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.k0rdent.backup.api.ManagementBackup;

/**
 * Creates a pre-upgrade ManagementBackup once. Its name is deterministic, so whoever comes second (the upgrade watch, the
 * gate, another replica, or kcm's own controller) finds it there and adopts it instead of creating a duplicate.
 */
@ApplicationScoped
public class PreUpgradeBackupStarter {

    private static final Logger LOG = Logger.getLogger(PreUpgradeBackupStarter.class);

    private final KubernetesClient client;
    private final EventRecorder events;

    public PreUpgradeBackupStarter(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /**
     * @param management the Management being upgraded, which gets the event
     * @return true if created now, false if it already existed
     */
    public boolean start(ManagementBackup desired, HasMetadata management, String installed, String target) {
        String name = desired.getMetadata().getName();
        try {
            client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                LOG.debugf("Pre-upgrade ManagementBackup %s already exists: adopted", name);
                return false;
            }
            throw e;
        }
        events.normal(management, "PreUpgradeBackupCreated", "Created ManagementBackup " + name + " to back up release "
                + installed + " before the upgrade to " + target);
        return true;
    }
}
