package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
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

/**
 * A Backup create the API server refuses for good (the answers of a real kube-apiserver 1.26 with etcd) ends in
 * Ready=False and one Warning, is not sent again while nothing changed, and is sent again once the ManagementBackup or
 * the ClusterDeployments change.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class BackupRefusalTest {

    static final String NS = "kcm-system";
    static final String BACKUPS = "/apis/velero.io/v1/namespaces/" + NS + "/backups";
    static final String TOO_LARGE = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"etcdserver: request is too large\",\"code\":500}";
    static final String INVALID = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Backup.velero.io \\\"refused\\\" is invalid: spec.ttl: Invalid value: \\\"integer\\\": "
            + "spec.ttl in body must be of type string: \\\"integer\\\"\",\"reason\":\"Invalid\",\"code\":422}";

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

    ServerRequests requests;

    @BeforeEach
    void setUp() {
        clock.reset();
        new VeleroSimulator(client, NS).storageLocation("aws-s3", true, "Available");
        requests = new ServerRequests(server.getKubernetesMockServer());
    }

    @AfterEach
    void cleanUp() {
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        deployments().inAnyNamespace().delete();
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
        await().until(() -> inventory.clustersInUse().isEmpty());
    }

    @Test
    void aRefusedBackupIsReportedOnceAndSentAgainOnlyWhenTheClustersOrTheSpecChange() {
        server.expect().post().withPath(BACKUPS).andReturn(422, INVALID).once();
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("refused");
        client.resource(mb).create();

        ManagementBackup seen = await().until(() -> mb("refused"), m -> m.getStatus() != null && m.getStatus().getRefusal() != null);
        Condition ready = condition(seen, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("BackupRefused");
        assertThat(ready.getMessage()).isEqualTo("the API server refused Velero backup refused: Backup.velero.io \"refused\" "
                + "is invalid: spec.ttl: Invalid value: \"integer\": spec.ttl in body must be of type string: \"integer\"");
        assertThat(seen.getStatus().getError()).isEqualTo(ready.getMessage());
        await().until(() -> warnings("refused", "BackupRefused").size() == 1);
        assertThat(warnings("refused", "BackupRefused").get(0).getMessage()).isEqualTo(ready.getMessage());

        // nothing changed: however often it is reconciled, nothing is sent and nothing more is said
        wakeups.wake("refused");
        wakeups.wake("refused");
        wakeups.wake("refused");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> requests.creates("backups"), c -> c.size() == 1);
        assertThat(backups()).isEmpty();
        assertThat(warnings("refused", "BackupRefused")).hasSize(1);
        assertThat(mb("refused").getStatus().getError()).doesNotContain("will retry");

        // a new ClusterDeployment: sent again, refused again (now by etcd), said again once
        server.expect().post().withPath(BACKUPS).andReturn(500, TOO_LARGE).once();
        new KcmFixture(client).clusterDeployment("team-a", "prod-eu-west-00001-aws-standalone", "aws-standalone-cp-1-0-0");
        await().until(() -> requests.creates("backups"), c -> c.size() == 2);
        await().until(() -> mb("refused").getStatus().getError(),
                e -> e.equals("the API server refused Velero backup refused: etcdserver: request is too large"));
        await().until(() -> warnings("refused", "BackupRefused").size() == 2);
        wakeups.wake("refused");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> requests.creates("backups"), c -> c.size() == 2);

        // the spec changes: sent again, and this time the API server takes it
        client.resources(ManagementBackup.class).withName("refused").edit(m -> {
            m.getSpec().setTtl("240h");
            return m;
        });
        Backup created = await().until(() -> client.resources(Backup.class).inNamespace(NS).withName("refused").get(),
                Objects::nonNull);
        assertThat(created.getSpec().getTtl()).isEqualTo("240h");
        ManagementBackup taken = await().until(() -> mb("refused"), m -> "refused".equals(m.getStatus().getLastBackupName()));
        assertThat(taken.getStatus().getRefusal()).isNull();
        assertThat(taken.getStatus().getError()).isNull();
        assertThat(requests.creates("backups")).hasSize(3);
    }

    @Test
    void aScheduledBackupRefusedAtItsSlotIsTakenForThatSlotOnceAClusterDeploymentIsRemoved() {
        new KcmFixture(client).clusterDeployment("team-a", "doomed", "aws-standalone-cp-1-0-0");
        await().until(() -> inventory.clustersInUse().size() == 1);
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("hourly");
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("@every 1h");
        mb.setSpec(spec);
        client.resource(mb).create();
        Instant created = Instant.parse(await().until(() -> mb("hourly"), Objects::nonNull).getMetadata().getCreationTimestamp());
        await().until(() -> mb("hourly"), m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);

        server.expect().post().withPath(BACKUPS).andReturn(500, TOO_LARGE).once();
        Instant slot = created.plus(1, ChronoUnit.HOURS);
        clock.set(slot);
        wakeups.wake("hourly");
        await().until(() -> mb("hourly"), m -> m.getStatus().getRefusal() != null);
        // JOSDK's retry would come after 2 s: nothing is sent in that time, nor when woken
        wakeups.wake("hourly");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> requests.creates("backups"), c -> c.size() == 1);
        assertThat(mb("hourly").getStatus().getLastSlot()).isNull();
        assertThat(warnings("hourly", "BackupRefused")).hasSize(1);

        deployments().inNamespace("team-a").withName("doomed").delete();
        String name = "hourly-" + ManagementBackup.SLOT_FORMAT.format(slot);
        await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
        ManagementBackup taken = await().until(() -> mb("hourly"), m -> name.equals(m.getStatus().getLastBackupName()));
        assertThat(taken.getStatus().getLastSlot()).isEqualTo(slot.toString());
        assertThat(condition(taken, "Ready").getStatus()).isEqualTo("True");
    }

    ManagementBackup mb(String name) {
        return client.resources(ManagementBackup.class).withName(name).get();
    }

    List<Backup> backups() {
        return client.resources(Backup.class).inNamespace(NS).list().getItems();
    }

    static Condition condition(ManagementBackup mb, String type) {
        return mb.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    List<Event> warnings(String name, String reason) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())
                        && "Warning".equals(e.getType()))
                .toList();
    }

    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> deployments() {
        return client.genericKubernetesResources("k0rdent.mirantis.com/v1beta1", "ClusterDeployment");
    }
}
