package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupSpec;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.test.ConfigDefaults;
import io.k0rdent.backup.test.MockClusterExtension;
import io.k0rdent.backup.test.ServerRequests;

/** How the cache of Velero Backups reads the Backups kept in the namespace. */
class VeleroCacheTest {

    static final String NS = "kcm-system";

    @RegisterExtension
    final MockClusterExtension cluster = new MockClusterExtension();
    KubernetesClient client;
    VeleroCache cache;

    @BeforeEach
    void createCache() {
        client = cluster.client();
        cache = new VeleroCache(client, ConfigDefaults.of(OperatorConfig.class, Map.of()));
    }

    @AfterEach
    void stopCache() {
        cache.stop();
    }

    @Test
    void keptBackupsAreListedInPagesAndCachedWithoutTheirSelection() {
        int kept = (int) VeleroCache.PAGE * 2 + 3;
        IntStream.range(0, kept).forEach(i -> client.resource(kept("daily-%04d".formatted(i))).create());
        ServerRequests requests = new ServerRequests(cluster.server());

        cache.check();

        assertThat(cache.backupsOf("daily")).hasSize(kept);
        assertThat(cache.backup("daily-0000")).get().satisfies(b -> {
            assertThat(b.getSpec().getOrLabelSelectors()).isNull();
            assertThat(b.getSpec().getStorageLocation()).isEqualTo("aws-s3");
        });
        assertThat(requests.lists("backups")).hasSize(3)
                .allSatisfy(r -> assertThat(r.path()).contains("limit=" + VeleroCache.PAGE));
    }

    private static Backup kept(String name) {
        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
                .addToLabels(Labels.MANAGEMENT_BACKUP, "daily").build());
        BackupSpec spec = new BackupSpec();
        spec.setStorageLocation("aws-s3");
        spec.setOrLabelSelectors(IntStream.range(0, 100).mapToObj(i -> new LabelSelectorBuilder()
                .addToMatchLabels("cluster.x-k8s.io/cluster-name", "cluster-" + i).build()).toList());
        backup.setSpec(spec);
        return backup;
    }
}
