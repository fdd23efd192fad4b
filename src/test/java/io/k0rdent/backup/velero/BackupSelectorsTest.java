package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;
import io.k0rdent.backup.velero.BackupSelectors.Selection;

class BackupSelectorsTest {

    static final List<String> AWS = List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron",
            "infrastructure-aws");

    /** Each label value a selector names, as {@code key=value}, or {@code key exists}; in selector order. */
    static List<String> pairs(List<LabelSelector> selectors) {
        List<String> pairs = new ArrayList<>();
        for (LabelSelector s : selectors) {
            if (s.getMatchLabels() != null) {
                s.getMatchLabels().forEach((k, v) -> pairs.add(k + "=" + v));
            }
            if (s.getMatchExpressions() != null) {
                s.getMatchExpressions().forEach(e -> {
                    if ("Exists".equals(e.getOperator())) {
                        pairs.add(e.getKey() + " exists");
                    } else {
                        e.getValues().forEach(v -> pairs.add(e.getKey() + "=" + v));
                    }
                });
            }
        }
        return pairs;
    }

    /** ClusterDeployments named like a large fleet's, on three templates' providers. */
    static List<ClusterInUse> fleet(int n) {
        List<List<String>> templates = List.of(AWS,
                List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron", "infrastructure-azure"),
                List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron", "infrastructure-vsphere"));
        return IntStream.range(0, n).mapToObj(i -> new ClusterInUse("kcm-system",
                "prod-eu-west-%05d-aws-standalone".formatted(i + 1), "t" + i % 3, templates.get(i % 3))).toList();
    }

    static int json(List<LabelSelector> selectors) {
        return Serialization.asJson(selectors).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void withoutClustersOnlyTheFixedLabelsAreSelected() {
        Selection selection = BackupSelectors.of(List.of());
        assertThat(pairs(selection.selectors())).containsExactly(
                "cluster.x-k8s.io/provider=cluster-api",
                "controller.cert-manager.io/fao=true",
                "k0rdent.mirantis.com/component=kcm");
        assertThat(selection.exact()).isTrue();
    }

    @Test
    void fixedLabelsAreMatchLabelsAndEachOtherKeyIsOneInSelectorWithSortedDistinctValues() {
        List<ClusterInUse> clusters = List.of(
                new ClusterInUse("ns1", "b-cluster", "aws", List.of("infrastructure-aws", "bootstrap-k0sproject-k0smotron")),
                new ClusterInUse("ns2", "a-cluster", "aws", List.of("infrastructure-aws", "bootstrap-k0sproject-k0smotron")),
                new ClusterInUse("ns3", "a-cluster", "aws", List.of("infrastructure-aws", "cluster-api")),
                new ClusterInUse("ns2", "c-cluster", "missing-template", List.of()));
        List<LabelSelector> selectors = BackupSelectors.of(clusters).selectors();

        assertThat(pairs(selectors)).containsExactly(
                "cluster.x-k8s.io/provider=cluster-api",
                "controller.cert-manager.io/fao=true",
                "k0rdent.mirantis.com/component=kcm",
                "cluster.x-k8s.io/cluster-name=a-cluster",
                "cluster.x-k8s.io/cluster-name=b-cluster",
                "cluster.x-k8s.io/cluster-name=c-cluster",
                "cluster.x-k8s.io/provider=bootstrap-k0sproject-k0smotron",
                "cluster.x-k8s.io/provider=infrastructure-aws",
                "helm.toolkit.fluxcd.io/name=a-cluster",
                "helm.toolkit.fluxcd.io/name=b-cluster",
                "helm.toolkit.fluxcd.io/name=c-cluster");
        assertThat(selectors.subList(0, 3)).allSatisfy(s -> {
            assertThat(s.getMatchLabels()).hasSize(1);
            assertThat(s.getMatchExpressions()).isNullOrEmpty();
        });
        assertThat(selectors.subList(3, 6)).allSatisfy(s -> {
            assertThat(s.getMatchLabels()).isNullOrEmpty();
            assertThat(s.getMatchExpressions()).singleElement().satisfies(e -> assertThat(e.getOperator()).isEqualTo("In"));
        });
        assertThat(BackupSelectors.format(selectors.get(3))).isEqualTo(
                "cluster.x-k8s.io/cluster-name in (a-cluster,b-cluster,c-cluster)");
        assertThat(BackupSelectors.providers(clusters)).containsExactly("bootstrap-k0sproject-k0smotron", "cluster-api",
                "infrastructure-aws");
    }

    @Test
    void valuesAreCutIntoSelectorsWhoseListQueryStaysUnderTheBound() {
        Selection selection = BackupSelectors.of(fleet(10_000));
        List<LabelSelector> names = selection.selectors().stream()
                .filter(s -> !s.getMatchExpressions().isEmpty() && s.getMatchExpressions().get(0).getKey()
                        .equals(BackupSelectors.CLUSTER_NAME))
                .toList();
        assertThat(names).hasSizeGreaterThan(1);
        assertThat(selection.selectors()).allSatisfy(s -> assertThat(BackupSelectors.queryLength(BackupSelectors.format(s)))
                .isLessThanOrEqualTo(BackupSelectors.MAX_SELECTOR_QUERY_BYTES));
        // every chunk but the last is full: one more value would not have fitted
        names.subList(0, names.size() - 1).forEach(s -> assertThat(BackupSelectors.queryLength(BackupSelectors.format(s)))
                .isGreaterThan(BackupSelectors.MAX_SELECTOR_QUERY_BYTES - 40));
        List<String> values = names.stream().flatMap(s -> s.getMatchExpressions().get(0).getValues().stream()).toList();
        assertThat(values).hasSize(10_000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void tenThousandClusterDeploymentsAreSelectedExactlyInAtMost32Selectors() {
        Selection selection = BackupSelectors.of(fleet(10_000));
        assertThat(selection.exact()).isTrue();
        assertThat(selection.selectors()).hasSizeLessThanOrEqualTo(32);
        assertThat(json(selection.selectors())).isLessThan(1024 * 1024);
        assertThat(selection.message()).contains("exactly", "10000 ClusterDeployments",
                selection.selectors().size() + " orLabelSelectors");
    }

    @Test
    void fiftyThousandClusterDeploymentsFallBackToExistsOnNamesButKeepProvidersExact() {
        Selection selection = BackupSelectors.of(fleet(50_000));
        assertThat(selection.exact()).isFalse();
        assertThat(selection.supersetKeys()).containsExactly(BackupSelectors.CLUSTER_NAME, BackupSelectors.HELM_RELEASE_NAME);
        assertThat(pairs(selection.selectors())).containsExactly(
                "cluster.x-k8s.io/provider=cluster-api",
                "controller.cert-manager.io/fao=true",
                "k0rdent.mirantis.com/component=kcm",
                "cluster.x-k8s.io/cluster-name exists",
                "cluster.x-k8s.io/provider=bootstrap-k0sproject-k0smotron",
                "cluster.x-k8s.io/provider=control-plane-k0sproject-k0smotron",
                "cluster.x-k8s.io/provider=infrastructure-aws",
                "cluster.x-k8s.io/provider=infrastructure-azure",
                "cluster.x-k8s.io/provider=infrastructure-vsphere",
                "helm.toolkit.fluxcd.io/name exists");
        assertThat(json(selection.selectors())).isLessThan(512 * 1024);
        assertThat(Serialization.asJson(selection.selectors().get(3)))
                .isEqualTo("{\"matchExpressions\":[{\"key\":\"cluster.x-k8s.io/cluster-name\",\"operator\":\"Exists\"}]}");
        assertThat(selection.valueBytes()).isGreaterThan(50_000L * 72);
        assertThat(selection.message()).contains("50000 ClusterDeployments",
                String.format(Locale.ROOT, "%,d bytes", selection.valueBytes()), "786,432-byte budget",
                "cluster.x-k8s.io/cluster-name or helm.toolkit.fluxcd.io/name");
    }

    @Test
    void theExactLimitFollowsFromTheBudget() {
        // 36 bytes a name (33 characters, quotes and comma), once as a cluster name and once as a Helm release
        long providers = fleet(3).stream().flatMap(c -> c.providers().stream()).distinct()
                .filter(p -> !p.equals("cluster-api")).mapToLong(p -> p.length() + 3).sum();
        int limit = (int) ((BackupSelectors.EXACT_VALUES_BUDGET_BYTES - providers) / 72);
        assertThat(limit).isGreaterThanOrEqualTo(10_000);
        assertThat(BackupSelectors.of(fleet(limit)).exact()).isTrue();
        Selection over = BackupSelectors.of(fleet(limit + 1));
        assertThat(over.exact()).isFalse();
        // one key falling back is enough there: the other stays exact
        assertThat(over.supersetKeys()).containsExactly(BackupSelectors.CLUSTER_NAME);
        assertThat(over.selectors()).hasSizeLessThanOrEqualTo(32);
    }

    @Test
    void onlyTheKeyThatOverflowsFallsBack() {
        List<String> many = IntStream.range(0, 50).mapToObj(i -> "infrastructure-provider-%02d".formatted(i)).toList();
        List<ClusterInUse> clusters = List.of(new ClusterInUse("ns", "small", "t", many));
        Selection selection = BackupSelectors.of(clusters, 200, BackupSelectors.MAX_SELECTOR_QUERY_BYTES);
        assertThat(selection.supersetKeys()).containsExactly(BackupSelectors.PROVIDER);
        assertThat(pairs(selection.selectors())).containsExactly(
                "cluster.x-k8s.io/provider=cluster-api",
                "controller.cert-manager.io/fao=true",
                "k0rdent.mirantis.com/component=kcm",
                "cluster.x-k8s.io/cluster-name=small",
                "cluster.x-k8s.io/provider exists",
                "helm.toolkit.fluxcd.io/name=small");
    }

    @Test
    void theMostSelectorsAtTheBudgetWithTheLongestValuesStayWithin32() {
        // 63-character names: the fewest values a selector, at the most bytes the budget lets through
        int n = (int) (BackupSelectors.EXACT_VALUES_BUDGET_BYTES / (2 * 66));
        List<ClusterInUse> clusters = IntStream.range(0, n)
                .mapToObj(i -> new ClusterInUse("ns", ("c%05d-" + "x".repeat(56)).formatted(i), "t", List.of())).toList();
        Selection selection = BackupSelectors.of(clusters);
        assertThat(selection.exact()).isTrue();
        assertThat(selection.selectors()).hasSizeLessThanOrEqualTo(32);
    }

    @Test
    void aNameNoLabelCanCarryIsLeftOutInsteadOfBreakingItsSelector() {
        String tooLong = "c" + "x".repeat(63);
        Selection selection = BackupSelectors.of(List.of(new ClusterInUse("ns", tooLong, "t", List.of()),
                new ClusterInUse("ns", "fine", "t", List.of())));
        assertThat(pairs(selection.selectors())).contains("cluster.x-k8s.io/cluster-name=fine")
                .noneMatch(p -> p.contains(tooLong));
        assertThat(selection.exact()).isTrue();
    }
}
