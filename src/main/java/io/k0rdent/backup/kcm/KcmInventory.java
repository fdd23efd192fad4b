package io.k0rdent.backup.kcm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.k0rdent.backup.config.OperatorConfig;

/**
 * Lists what kcm manages right now: the ClusterDeployments and the CAPI providers of the templates they use. Backups
 * of many ManagementBackups sharing a slot come in a burst; one listing, kept for a moment, serves the whole burst.
 */
@ApplicationScoped
public class KcmInventory {

    private final KcmApi api;
    private final Clock clock;
    private final Duration maxAge;
    private volatile Snapshot snapshot;

    private record Snapshot(List<ClusterInUse> clusters, Instant takenAt) {
    }

    public KcmInventory(KcmApi api, Clock clock, OperatorConfig config) {
        this.api = api;
        this.clock = clock;
        this.maxAge = config.inventoryMaxAge();
    }

    /** A ClusterDeployment and the providers its ClusterTemplate requires. */
    public record ClusterInUse(String namespace, String name, String template, List<String> providers) {
    }

    /** What kcm manages, as listed at most {@code kcm-backup.inventory-max-age} ago. */
    public List<ClusterInUse> clustersInUse() {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current != null && !now.isAfter(current.takenAt().plus(maxAge)) && !now.isBefore(current.takenAt())) {
            return current.clusters();
        }
        List<ClusterInUse> clusters = List.copyOf(list());
        snapshot = new Snapshot(clusters, now);
        return clusters;
    }

    private List<ClusterInUse> list() {
        List<GenericKubernetesResource> deployments = api.listAll("ClusterDeployment", "clusterdeployments");
        if (deployments.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> providersByTemplate = new HashMap<>();
        for (GenericKubernetesResource template : api.listAll("ClusterTemplate", "clustertemplates")) {
            providersByTemplate.put(key(template.getMetadata().getNamespace(), template.getMetadata().getName()),
                    stringList(template.get("status", "providers")));
        }
        List<ClusterInUse> result = new ArrayList<>();
        for (GenericKubernetesResource cd : deployments) {
            String namespace = cd.getMetadata().getNamespace();
            String template = cd.get("spec", "template");
            List<String> providers = template == null ? List.of()
                    : providersByTemplate.getOrDefault(key(namespace, template), List.of());
            result.add(new ClusterInUse(namespace, cd.getMetadata().getName(), template, providers));
        }
        return result;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static List<String> stringList(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
}
