package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.kcm.KcmInventory;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.ServerRequests;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The clusters a backup selects come from informers: a slot lists nothing, and sees a cluster created just before it. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class InventoryInformerTest {

    static final String NS = "kcm-system";
    static final String API = "k0rdent.mirantis.com/v1beta1";

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    Wakeups wakeups;
    @Inject
    KcmInventory inventory;
    @KubernetesTestServer
    KubernetesServer server;

    @BeforeEach
    void setUp() {
        clock.reset();
        new VeleroSimulator(client, NS).storageLocation("aws-s3", true, "Available");
    }

    @AfterEach
    void cleanUp() {
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        client.genericKubernetesResources(API, "ClusterDeployment").inAnyNamespace().delete();
        client.genericKubernetesResources(API, "ClusterTemplate").inAnyNamespace().delete();
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
        await().until(() -> inventory.clustersInUse().isEmpty());
    }

    @Test
    void aClusterDeploymentCreatedJustBeforeASlotIsInThatSlotsBackupAndNoSlotListsClusterDeployments() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("fleet");
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("@every 1h");
        mb.setSpec(spec);
        client.resource(mb).create();
        Instant created = Instant.parse(await().until(() -> mb("fleet"), Objects::nonNull).getMetadata().getCreationTimestamp());
        await().until(() -> mb("fleet"), m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);
        ServerRequests requests = new ServerRequests(server.getKubernetesMockServer());

        new KcmFixture(client).clusterTemplate("team-a", "aws-standalone-cp-1-0-0", List.of("infrastructure-aws"));
        new KcmFixture(client).clusterDeployment("team-a", "prod-eu-west-00001-aws-standalone", "aws-standalone-cp-1-0-0");
        await().until(() -> inventory.clustersInUse().stream().anyMatch(c -> !c.providers().isEmpty()));
        Instant first = created.plus(1, ChronoUnit.HOURS);
        clock.set(first);
        wakeups.wake("fleet");
        Backup firstBackup = awaitBackup("fleet-" + ManagementBackup.SLOT_FORMAT.format(first));
        assertThat(selectedValues(firstBackup)).contains("prod-eu-west-00001-aws-standalone", "infrastructure-aws");
        // a slot while the last backup runs is skipped: let it finish first
        new VeleroSimulator(client, NS).complete(firstBackup.getMetadata().getName(), 1);
        await().until(() -> mb("fleet"), m -> m.getStatus().getLastBackup() != null
                && "Completed".equals(m.getStatus().getLastBackup().getPhase()));

        // one list for every backup until the inventory changes: a slot's backups share its selection
        List<KcmInventory.ClusterInUse> before = inventory.clustersInUse();
        assertThat(inventory.clustersInUse()).isSameAs(before);
        new KcmFixture(client).clusterDeployment("team-b", "prod-us-east-00002-aws-standalone", "aws-standalone-cp-1-0-0");
        await().until(() -> inventory.clustersInUse().size() == 2);
        assertThat(inventory.clustersInUse()).isNotSameAs(before);
        Instant second = first.plus(1, ChronoUnit.HOURS);
        clock.set(second);
        wakeups.wake("fleet");
        Backup secondBackup = awaitBackup("fleet-" + ManagementBackup.SLOT_FORMAT.format(second));
        assertThat(selectedValues(secondBackup)).contains("prod-eu-west-00001-aws-standalone",
                "prod-us-east-00002-aws-standalone");

        assertThat(requests.lists("clusterdeployments")).isEmpty();
        assertThat(requests.lists("clustertemplates")).isEmpty();
    }

    @Test
    void theInventoryHoldsOnlyWhatTheSelectionUses() {
        new KcmFixture(client).clusterTemplate("team-a", "aws-standalone-cp-1-0-0", List.of("infrastructure-aws", "bootstrap-k0sproject-k0smotron"));
        new KcmFixture(client).clusterDeployment("team-a", "small", "aws-standalone-cp-1-0-0");
        assertThat(await().until(() -> inventory.clustersInUse(), l -> l.size() == 1 && !l.get(0).providers().isEmpty()))
                .containsExactly(new KcmInventory.ClusterInUse("team-a", "small", "aws-standalone-cp-1-0-0",
                        List.of("infrastructure-aws", "bootstrap-k0sproject-k0smotron")));
    }

    ManagementBackup mb(String name) {
        return client.resources(ManagementBackup.class).withName(name).get();
    }

    /** The Backup as stored, selectors included. */
    Backup awaitBackup(String name) {
        try (KubernetesClient whole = MockCluster.readingWhole(client)) {
            return await().until(() -> whole.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
        }
    }

    /** Every label value any selector names, whether as matchLabels or in a matchExpressions list. */
    static List<String> selectedValues(Backup backup) {
        return backup.getSpec().getOrLabelSelectors().stream().flatMap((LabelSelector s) -> {
            var labels = s.getMatchLabels() == null ? java.util.stream.Stream.<String> empty() : s.getMatchLabels().values().stream();
            var expressions = s.getMatchExpressions() == null ? java.util.stream.Stream.<String> empty()
                    : s.getMatchExpressions().stream().flatMap(e -> e.getValues() == null ? java.util.stream.Stream.empty()
                            : e.getValues().stream());
            return java.util.stream.Stream.concat(labels, expressions);
        }).toList();
    }
}
