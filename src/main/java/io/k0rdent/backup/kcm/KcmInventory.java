package io.k0rdent.backup.kcm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Lists what kcm manages right now: the ClusterDeployments and the CAPI providers of the templates they use. */
@ApplicationScoped
public class KcmInventory {

    private final KcmApi api;

    public KcmInventory(KcmApi api) {
        this.api = api;
    }

    /** A ClusterDeployment and the providers its ClusterTemplate requires. */
    public record ClusterInUse(String namespace, String name, String template, List<String> providers) {
    }

    public List<ClusterInUse> clustersInUse() {
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
