package io.k0rdent.backup.ha;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.health.ReplicaReadinessCheck;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Scrape;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The operator as deployed, with leader election on, starting while another replica holds the lease: it waits as a ready
 * standby that writes nothing, and takes over once the holder stops renewing.
 */
@QuarkusTest
@TestProfile(StandbyTakeoverTest.Election.class)
@WithKubernetesTestServer(crud = true, setup = StandbyTakeoverTest.HeldByAnotherReplica.class)
class StandbyTakeoverTest {

    static final String NS = "kcm-system";
    static final String LEASE = "kcm-backup-operator-lease";
    static final String ME = "replica-b";
    static final String OTHER = "replica-a";
    static final String REPLICA = "checks.find { it.name == '" + ReplicaReadinessCheck.NAME + "' }";

    /** Leader election on, with short periods so that a takeover happens within the test's patience. */
    public static class Election implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kcm-backup.leader-election.enabled", "true",
                    "kcm-backup.leader-election.identity", ME,
                    "kcm-backup.leader-election.lease-duration", "2s",
                    "kcm-backup.leader-election.renew-deadline", "1500ms",
                    "kcm-backup.leader-election.retry-period", "200ms");
        }
    }

    /** A cluster where another replica holds a fresh lease for an hour. */
    public static class HeldByAnotherReplica implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            new MockCluster().accept(server);
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            server.getClient().leases().inNamespace(NS).resource(new LeaseBuilder()
                    .withNewMetadata().withName(LEASE).withNamespace(NS).endMetadata()
                    .withNewSpec().withHolderIdentity(OTHER).withLeaseDurationSeconds(3600)
                    .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec()
                    .build()).create();
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void aStandbyIsReadyWritesNothingAndTakesOverWhenTheLeaderStopsRenewing() {
        new VeleroSimulator(client, NS).storageLocation("default", true, "Available");

        given().get("/q/health/ready").then().statusCode(200)
                .body(REPLICA + ".status", equalTo("UP"))
                .body(REPLICA + ".data.role", equalTo("standby"));
        await().untilAsserted(() -> given().get("/q/health/ready").then().body(REPLICA + ".data.leader", equalTo(OTHER)));
        assertThat(Scrape.now().value("kcm_backup_leader")).hasValue(0);

        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("waiting");
        client.resource(mb).create();
        // the standby sees the object in its cache but neither labels it, nor writes its status, nor backs it up
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
            ManagementBackup seen = client.resources(ManagementBackup.class).withName("waiting").get();
            boolean noStatus = seen.getStatus() == null || seen.getStatus().getConditions().isEmpty();
            boolean noLabels = seen.getMetadata().getLabels() == null || seen.getMetadata().getLabels().isEmpty();
            return noStatus && noLabels && client.resources(Backup.class).inNamespace(NS).list().getItems().isEmpty();
        });

        // the leader's process dies: its lease is no longer renewed and expires
        client.leases().inNamespace(NS).withName(LEASE).edit(lease -> {
            lease.getSpec().setLeaseDurationSeconds(1);
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC).minus(1, ChronoUnit.HOURS));
            return lease;
        });

        Lease taken = await().until(() -> client.leases().inNamespace(NS).withName(LEASE).get(),
                l -> ME.equals(l.getSpec().getHolderIdentity()));
        assertThat(taken.getSpec().getLeaseTransitions()).isEqualTo(1);
        await().until(() -> client.resources(Backup.class).inNamespace(NS).withName("waiting").get(), Objects::nonNull);
        given().get("/q/health/ready").then().statusCode(200)
                .body(REPLICA + ".data.role", equalTo("leader"))
                .body(REPLICA + ".data.leader", equalTo(ME));
        assertThat(Scrape.now().value("kcm_backup_leader")).hasValue(1);
    }
}
