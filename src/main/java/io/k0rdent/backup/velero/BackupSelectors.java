package io.k0rdent.backup.velero;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;

/** Which objects a management backup contains, as Velero {@code orLabelSelectors}: one label each, sorted, no repeats. */
public final class BackupSelectors {

    static final String CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
    static final String HELM_RELEASE_NAME = "helm.toolkit.fluxcd.io/name";
    static final String PROVIDER = "cluster.x-k8s.io/provider";

    /** Label pairs every backup selects, whatever is deployed. */
    static final List<Map.Entry<String, String>> FIXED = List.of(
            Map.entry(Labels.COMPONENT, Labels.COMPONENT_KCM),
            Map.entry("controller.cert-manager.io/fao", "true"),
            Map.entry(PROVIDER, "cluster-api"));

    private static final Comparator<Map.Entry<String, String>> BY_KEY_THEN_VALUE = Map.Entry.<String, String> comparingByKey()
            .thenComparing(Map.Entry.comparingByValue());

    private BackupSelectors() {
    }

    public static List<LabelSelector> of(Collection<ClusterInUse> clusters) {
        TreeSet<Map.Entry<String, String>> labels = new TreeSet<>(BY_KEY_THEN_VALUE);
        labels.addAll(FIXED);
        for (ClusterInUse cluster : clusters) {
            labels.add(Map.entry(CLUSTER_NAME, cluster.name()));
            labels.add(Map.entry(HELM_RELEASE_NAME, cluster.name()));
            cluster.providers().forEach(p -> labels.add(Map.entry(PROVIDER, p)));
        }
        return labels.stream()
                .map(l -> new LabelSelectorBuilder().addToMatchLabels(l.getKey(), l.getValue()).build())
                .toList();
    }

    /** The CAPI providers the clusters use, sorted: recorded on the Backup so a restore knows its caveats. */
    public static List<String> providers(Collection<ClusterInUse> clusters) {
        TreeSet<String> providers = new TreeSet<>();
        clusters.forEach(c -> providers.addAll(c.providers()));
        return List.copyOf(providers);
    }
}
