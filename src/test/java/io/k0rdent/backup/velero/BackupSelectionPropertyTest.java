package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;
import io.k0rdent.backup.test.KcmSelectors;
import io.k0rdent.backup.velero.BackupSelectors.Selection;

/**
 * Over random fleets and random objects, the operator's compact selection backs up exactly the objects kcm's one selector
 * per label value would, evaluated as Velero does (any selector, every requirement of it); past the budget, a superset
 * whose extra objects all carry a key that fell back.
 */
class BackupSelectionPropertyTest {

    static final List<String> NAMES = List.of("a", "b", "prod-eu-west-00001-aws-standalone",
            "prod-eu-west-00002-aws-standalone", "prod-eu-west-00010-aws-standalone", "kcm", "true", "cluster-api",
            "dev.cluster_1", "Z9", "x-y", "c-0", "c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-7", "c-8", "c-9");
    static final List<String> PROVIDERS = List.of("cluster-api", "infrastructure-aws", "infrastructure-azure",
            "bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron", "infrastructure-openstack", "a");
    static final List<String> KEYS = List.of(KcmSelectors.CLUSTER_NAME, KcmSelectors.HELM_RELEASE_NAME,
            KcmSelectors.PROVIDER, "k0rdent.mirantis.com/component", "controller.cert-manager.io/fao",
            "cluster.x-k8s.io/cluster-namespace", "app.kubernetes.io/name", "helm.toolkit.fluxcd.io/namespace");
    static final List<String> NOISE = List.of("kcm", "true", "false", "cluster-api", "velero", "", "1");

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 0x5eed0000L + i);
    }

    record World(List<ClusterInUse> clusters, List<Map<String, String>> objects) {
    }

    static World world(Random random) {
        List<ClusterInUse> clusters = new ArrayList<>();
        int n = random.nextInt(25);
        for (int i = 0; i < n; i++) {
            List<String> providers = new ArrayList<>();
            int p = random.nextInt(4);
            for (int j = 0; j < p; j++) {
                providers.add(pick(random, PROVIDERS));
            }
            // the same name in two namespaces is two ClusterDeployments with one set of labels
            clusters.add(new ClusterInUse("ns" + random.nextInt(3), pick(random, NAMES), "t", providers));
        }
        List<Map<String, String>> objects = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, String> labels = new HashMap<>();
            int count = random.nextInt(5);
            for (int j = 0; j < count; j++) {
                String key = pick(random, KEYS);
                List<String> pool = switch (random.nextInt(3)) {
                    case 0 -> NAMES;
                    case 1 -> PROVIDERS;
                    default -> NOISE;
                };
                labels.put(key, pick(random, pool));
            }
            objects.add(labels);
        }
        return new World(clusters, objects);
    }

    static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void withinTheBudgetTheSameObjectsAsKcmAreSelected(long seed) {
        Random random = new Random(seed);
        World world = world(random);
        List<LabelSelector> kcm = KcmSelectors.of(world.clusters());
        // small query bounds cut the values into many selectors, one or two values each
        int maxQuery = random.nextBoolean() ? BackupSelectors.MAX_SELECTOR_QUERY_BYTES : 60 + random.nextInt(120);
        Selection ours = BackupSelectors.of(world.clusters(), BackupSelectors.EXACT_VALUES_BUDGET_BYTES, maxQuery);

        assertThat(ours.exact()).isTrue();
        assertThat(ours.selectors()).allSatisfy(s -> assertThat(s.getMatchExpressions()).noneMatch(
                e -> e.getOperator().equals("Exists")));
        for (Map<String, String> labels : world.objects()) {
            assertThat(KcmSelectors.selects(ours.selectors(), labels)).as("object labelled %s, seed %d", labels, seed)
                    .isEqualTo(KcmSelectors.selects(kcm, labels));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void pastTheBudgetEverythingKcmSelectsIsStillSelected(long seed) {
        Random random = new Random(seed);
        World world = world(random);
        List<LabelSelector> kcm = KcmSelectors.of(world.clusters());
        long needed = BackupSelectors.of(world.clusters()).valueBytes();
        Selection ours = BackupSelectors.of(world.clusters(), random.nextLong(needed + 1), 60 + random.nextInt(400));

        assertThat(ours.exact()).isEqualTo(ours.supersetKeys().isEmpty());
        for (Map<String, String> labels : world.objects()) {
            boolean byKcm = KcmSelectors.selects(kcm, labels);
            boolean byOurs = KcmSelectors.selects(ours.selectors(), labels);
            if (byKcm) {
                assertThat(byOurs).as("object labelled %s, seed %d", labels, seed).isTrue();
            } else if (byOurs) {
                // what the fallback takes in beside kcm's: objects carrying a key it selects by Exists, nothing else
                assertThat(ours.supersetKeys()).as("extra object labelled %s, seed %d", labels, seed)
                        .anyMatch(labels::containsKey);
            }
        }
    }
}
