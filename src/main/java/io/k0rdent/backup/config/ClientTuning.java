package io.k0rdent.backup.config;

import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;

/**
 * Lets the Kubernetes client keep more requests in flight to the API server than fabric8's default of 5: when many
 * ManagementBackups share a slot, their backups are created in parallel rather than five at a time.
 */
@Singleton
public class ClientTuning implements KubernetesConfigCustomizer {

    private final OperatorConfig config;

    public ClientTuning(OperatorConfig config) {
        this.config = config;
    }

    @Override
    public void customize(Config client) {
        client.setMaxConcurrentRequests(Math.max(client.getMaxConcurrentRequests(), config.maxConcurrentRequests()));
        client.setMaxConcurrentRequestsPerHost(config.maxConcurrentRequests());
    }
}
