package io.k0rdent.backup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.VeleroSimulator;
import io.k0rdent.backup.test.strict.StrictApiServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** kcm's Management CRD is installed after the operator started: nothing breaks, and the upgrade watch picks it up. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ManagementApiMissingTest.WithoutManagementCrd.class)
class ManagementApiMissingTest {

    /** Velero, this operator's CRDs and kcm's other kinds, but no managements.k0rdent.mirantis.com. */
    public static class WithoutManagementCrd implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            StrictApiServer.install(server.getKubernetesMockServer());
            MockCluster.KCM_CRDS.stream().filter(f -> !f.contains("managements"))
                    .forEach(f -> MockCluster.createCrd(server.getClient(), f));
            MockCluster.VELERO_CRDS.forEach(f -> MockCluster.createCrd(server.getClient(), f));
            MockCluster.createOwnCrds(server.getClient());
        }
    }

    @Inject
    KubernetesClient client;
    @Inject
    ManagementWatch watch;

    @Test
    void theWatchStartsOnceKcmsManagementApiAppears() {
        new VeleroSimulator(client, "kcm-system").storageLocation("aws-s3", true, "Available");
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("example-backup");
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("0 */6 * * *");
        spec.setPerformOnManagementUpgrade(true);
        mb.setSpec(spec);
        client.resource(mb).create();

        // the ManagementBackup controller goes on as usual; the upgrade watch has nothing to watch
        await().until(() -> client.resources(ManagementBackup.class).withName("example-backup").get(),
                m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);
        assertThat(watch.isWatching()).isFalse();
        assertThat(watch.managements()).isEmpty();

        MockCluster.createCrd(client, "k0rdent.mirantis.com_managements.yaml");
        new KcmFixture(client).management("kcm", "kcm-0-3-0", "kcm-0-2-0");
        // the periodic check, run now instead of after its interval
        watch.check();

        assertThat(watch.isWatching()).isTrue();
        ManagementBackup pre = await().atMost(Duration.ofSeconds(10))
                .until(() -> client.resources(ManagementBackup.class).withName("example-backup-kcm-0-2-0").get(), Objects::nonNull);
        assertThat(pre.getMetadata().getLabels()).containsEntry(Labels.RELEASE_BACKUP, "kcm-0-2-0");
    }
}
