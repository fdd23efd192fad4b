package io.k0rdent.backup.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;

/**
 * The selection as kcm's own controller writes it, one single-label {@code matchLabels} selector per label value, and how
 * Velero evaluates {@code orLabelSelectors} (a requirement Kubernetes would reject throws): the reference the operator's compact selection is checked against.
 * Written from SPEC.md section 3 and Kubernetes' label selector rules, apart from the operator's code on purpose.
 */
public final class KcmSelectors {

    public static final String CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
    public static final String HELM_RELEASE_NAME = "helm.toolkit.fluxcd.io/name";
    public static final String PROVIDER = "cluster.x-k8s.io/provider";
    public static final List<Map.Entry<String, String>> FIXED = List.of(Map.entry("k0rdent.mirantis.com/component", "kcm"),
            Map.entry("controller.cert-manager.io/fao", "true"), Map.entry(PROVIDER, "cluster-api"));

    private KcmSelectors() {
    }

    /** kcm's selectors: the fixed pairs, and per ClusterDeployment its cluster name, Helm release and providers. */
    public static List<LabelSelector> of(Collection<ClusterInUse> clusters) {
        TreeSet<String> pairs = new TreeSet<>();
        FIXED.forEach(e -> pairs.add(e.getKey() + "=" + e.getValue()));
        for (ClusterInUse cluster : clusters) {
            pairs.add(CLUSTER_NAME + "=" + cluster.name());
            pairs.add(HELM_RELEASE_NAME + "=" + cluster.name());
            cluster.providers().forEach(p -> pairs.add(PROVIDER + "=" + p));
        }
        List<LabelSelector> selectors = new ArrayList<>();
        for (String pair : pairs) {
            String[] kv = pair.split("=", 2);
            selectors.add(new LabelSelectorBuilder().addToMatchLabels(kv[0], kv[1]).build());
        }
        return selectors;
    }

    /** Velero's rule: an object is backed up when any of the selectors matches its labels. */
    public static boolean selects(List<LabelSelector> orLabelSelectors, Map<String, String> labels) {
        return orLabelSelectors.stream().anyMatch(s -> matches(s, labels));
    }

    /** Kubernetes' rule: every matchLabels pair and every matchExpressions requirement holds (AND). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> pair : selector.getMatchLabels().entrySet()) {
                if (!pair.getValue().equals(labels.get(pair.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                boolean has = labels.containsKey(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                // what labels.NewRequirement rejects, and Velero with it (its list fails for the whole resource type)
                boolean needsValues = "In".equals(r.getOperator()) || "NotIn".equals(r.getOperator());
                if (needsValues == values.isEmpty()) {
                    throw new IllegalArgumentException("invalid requirement " + r);
                }
                boolean holds = switch (r.getOperator()) {
                    case "In" -> has && values.contains(labels.get(r.getKey()));
                    case "NotIn" -> !has || !values.contains(labels.get(r.getKey()));
                    case "Exists" -> has;
                    case "DoesNotExist" -> !has;
                    default -> throw new IllegalArgumentException("not a label selector operator: " + r.getOperator());
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }
}
