package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;

class BackupSelectorsTest {

    static List<String> pairs(List<LabelSelector> selectors) {
        return selectors.stream().flatMap(s -> s.getMatchLabels().entrySet().stream())
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    @Test
    void withoutClustersOnlyTheFixedSelectorsRemainSorted() {
        assertThat(pairs(BackupSelectors.of(List.of()))).containsExactly(
                "cluster.x-k8s.io/provider=cluster-api",
                "controller.cert-manager.io/fao=true",
                "k0rdent.mirantis.com/component=kcm");
    }

    @Test
    void clustersSharingTemplatesAndProvidersGiveEachLabelOnce() {
        List<ClusterInUse> clusters = List.of(
                new ClusterInUse("ns1", "b-cluster", "aws", List.of("infrastructure-aws", "bootstrap-k0sproject-k0smotron")),
                new ClusterInUse("ns2", "a-cluster", "aws", List.of("infrastructure-aws", "bootstrap-k0sproject-k0smotron")),
                new ClusterInUse("ns2", "c-cluster", "missing-template", List.of()));
        assertThat(pairs(BackupSelectors.of(clusters))).containsExactly(
                "cluster.x-k8s.io/cluster-name=a-cluster",
                "cluster.x-k8s.io/cluster-name=b-cluster",
                "cluster.x-k8s.io/cluster-name=c-cluster",
                "cluster.x-k8s.io/provider=bootstrap-k0sproject-k0smotron",
                "cluster.x-k8s.io/provider=cluster-api",
                "cluster.x-k8s.io/provider=infrastructure-aws",
                "controller.cert-manager.io/fao=true",
                "helm.toolkit.fluxcd.io/name=a-cluster",
                "helm.toolkit.fluxcd.io/name=b-cluster",
                "helm.toolkit.fluxcd.io/name=c-cluster",
                "k0rdent.mirantis.com/component=kcm");
        assertThat(BackupSelectors.providers(clusters)).containsExactly("bootstrap-k0sproject-k0smotron", "infrastructure-aws");
    }

    @Test
    void everySelectorHoldsExactlyOneLabel() {
        List<ClusterInUse> clusters = List.of(new ClusterInUse("ns", "c", "t", List.of("infrastructure-azure")));
        assertThat(BackupSelectors.of(clusters)).allSatisfy(s -> {
            assertThat(s.getMatchLabels()).hasSize(1);
            assertThat(s.getMatchExpressions()).isNullOrEmpty();
        });
    }
}
