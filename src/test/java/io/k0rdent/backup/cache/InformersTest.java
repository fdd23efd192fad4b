package io.k0rdent.backup.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.metrics.WatchFailures;
import io.k0rdent.backup.test.MockClusterExtension;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * A watch that fails once it has started: an object its client cannot read (this client reads without
 * {@code TolerantReading}) stands for any failure fabric8 does not retry by itself.
 */
class InformersTest {

    static final String NS = "kcm-system";

    @RegisterExtension
    final MockClusterExtension cluster = new MockClusterExtension();
    final WatchFailures failures = new WatchFailures(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    @Test
    void aWatchThatFailsAfterItStartedListsAndWatchesAgainUntilItSucceeds() {
        SharedIndexInformer<Backup> informer = informer(true);

        create("poison", 1_099_511_627_776L);
        await().until(() -> !informer.isWatching());
        create("after", 3);
        cluster.client().genericKubernetesResources("velero.io/v1", "Backup").inNamespace(NS).withName("poison").delete();

        await().atMost(Duration.ofSeconds(40)).until(() -> informer.getStore().getByKey(NS + "/after") != null);
        assertThat(informer.isRunning()).isTrue();
        assertThat(failures.count("backups.velero.io")).isPositive();
        informer.stop();
    }

    @Test
    void withoutItTheSameFailureStopsTheWatchForGood() {
        SharedIndexInformer<Backup> informer = informer(false);

        create("poison", 1_099_511_627_776L);

        await().until(() -> !informer.isRunning());
        cluster.client().genericKubernetesResources("velero.io/v1", "Backup").inNamespace(NS).withName("poison").delete();
        create("after", 3);
        assertThat(informer.isRunning()).isFalse();
        assertThat(informer.getStore().getByKey(NS + "/after")).isNull();
    }

    private SharedIndexInformer<Backup> informer(boolean keepWatching) {
        SharedIndexInformer<Backup> informer = cluster.client().resources(Backup.class).inNamespace(NS).runnableInformer(0);
        if (keepWatching) {
            Informers.keepWatching(informer, "backups.velero.io", failures);
        }
        informer.run();
        return informer;
    }

    private void create(String name, long totalItems) {
        cluster.client().genericKubernetesResources("velero.io/v1", "Backup").inNamespace(NS)
                .resource(cluster.client().getKubernetesSerialization().unmarshal("""
                        {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"%s","namespace":"%s"},
                         "status":{"phase":"InProgress","progress":{"totalItems":%d}}}""".formatted(name, NS, totalItems),
                        GenericKubernetesResource.class))
                .create();
    }
}
