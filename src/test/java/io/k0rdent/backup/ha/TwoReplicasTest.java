package io.k0rdent.backup.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.Operator;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.chart.Chart;
import io.k0rdent.backup.chart.RbacRules;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.controller.StandaloneReconciler;
import io.k0rdent.backup.controller.Wakeups;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.test.ConfigDefaults;
import io.k0rdent.backup.test.LeaseAccess;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.RecordedRequests;
import io.k0rdent.backup.test.RecordedRequests.Request;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.k0rdent.backup.test.strict.StrictApiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * Two operator instances (JOSDK operators with the production reconciler and leader election, wired by hand) on one API
 * server: only the lease holder writes, the standby takes over when the leader goes, and no schedule slot gets a second
 * Backup across the change, even when the old leader created a Backup and died before recording it. Every request they
 * made is checked against the RBAC the Helm chart grants.
 * <p>
 * What this does not prove: behaviour under a partitioned network (a leader that cannot reach the API server but keeps
 * running); there the lease expiry plus the leader's renew deadline and exit ({@link Leadership}) bound the overlap, and
 * the deterministic Backup names keep even an overlap from duplicating a slot.
 */
class TwoReplicasTest {

    static final String NS = "kcm-system";
    static final String LEASE = "kcm-backup-operator-lease";

    KubernetesMockServer server;
    KubernetesClient cluster;
    TestClock clock;
    Replica a;
    Replica b;

    /** One operator instance: its own client, caches, leader elector and reconciler. */
    final class Replica {
        final String identity;
        final RecordedRequests requests = new RecordedRequests();
        final KubernetesClient client;
        final Leadership leadership;
        final AtomicInteger lostLease = new AtomicInteger();
        final Operator operator;
        final Wakeups wakeups;

        Replica(String identity) {
            this.identity = identity;
            client = requests.client(cluster.getConfiguration());
            leadership = new Leadership(true, new SimpleMeterRegistry(), lostLease::incrementAndGet);
            LeaderElectionConfig election = ConfigDefaults.of(LeaderElectionConfig.class, Map.of("identity", identity,
                    "leaseDuration", "2s", "renewDeadline", "1500ms", "retryPeriod", "200ms"));
            OperatorConfig config = ConfigDefaults.of(OperatorConfig.class, Map.of());
            StandaloneReconciler.Wired wired = StandaloneReconciler.create(client, config, clock,
                    new BackupMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
            wakeups = wired.wakeups();
            operator = new Operator(o -> o.withKubernetesClient(client)
                    .withLeaderElectionConfiguration(LeaderElectionCustomizer.configuration(election, NS, leadership))
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false)
                    // a stopped informer must not exit the test JVM (JOSDK's default handler would)
                    .withInformerStoppedHandler((informer, error) -> {
                    }));
            operator.register(wired.reconciler());
        }

        Replica start() {
            operator.start();
            return this;
        }

        /** A graceful stop, as Quarkus does it: the shutdown event first, then the operator. */
        void stop() {
            leadership.shuttingDown(null);
            operator.stop();
            client.close();
        }
    }

    @BeforeEach
    void startCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        StrictApiServer.install(server);
        server.init();
        LeaseAccess.allow(server);
        cluster = server.createClient();
        MockCluster.KCM_CRDS.forEach(f -> MockCluster.createCrd(cluster, f));
        MockCluster.VELERO_CRDS.forEach(f -> MockCluster.createCrd(cluster, f));
        MockCluster.createOwnCrds(cluster);
        new VeleroSimulator(cluster, NS).storageLocation("default", true, "Available");
        clock = new TestClock();
    }

    @AfterEach
    void stopCluster() {
        for (Replica replica : new Replica[] { a, b }) {
            if (replica != null && replica.operator.getRuntimeInfo().isStarted()) {
                replica.stop();
            }
        }
        cluster.close();
        server.destroy();
    }

    @Test
    void onlyTheLeaderWritesAndNoSlotIsBackedUpTwiceAcrossALeaderChange() {
        a = new Replica("replica-a").start();
        await().until(() -> holder().equals("replica-a"));
        b = new Replica("replica-b").start();
        await().until(() -> b.leadership.currentLeader().orElse("").equals("replica-a"));
        assertThat(b.leadership.role()).isEqualTo(Leadership.Role.STANDBY);
        assertThat(b.operator.getRuntimeInfo().isStarted()).isTrue();

        create("ha", "@every 1h");
        create("ha-once", null);
        await().until(() -> backup("ha-once") != null);
        Instant created = Instant.parse(mb("ha").getMetadata().getCreationTimestamp());
        await().until(() -> mb("ha").getStatus() != null && mb("ha").getStatus().getNextAttempt() != null);

        Instant first = created.plus(1, ChronoUnit.HOURS);
        clock.set(first);
        b.wakeups.wakeAll();
        a.wakeups.wakeAll();
        String firstName = "ha-" + ManagementBackup.SLOT_FORMAT.format(first);
        await().until(() -> firstName.equals(mb("ha").getStatus().getLastBackupName()));
        new VeleroSimulator(cluster, NS).complete(firstName, 3);
        await().until(() -> "Completed".equals(mb("ha").getStatus().getLastBackup().getPhase()));

        // the standby read everything (its caches are warm) and wrote nothing but its start-up permission check
        assertThat(b.requests.writes()).extracting(Request::toString)
                .allMatch(r -> r.startsWith("POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews"));
        assertThat(b.requests.all()).anyMatch(r -> r.uri().getPath().endsWith("/managementbackups"));

        // the leader goes (a rolling update stops it: it releases the lease); the standby takes over
        a.stop();
        await().until(() -> holder().equals("replica-b"));
        await().until(() -> b.leadership.role() == Leadership.Role.LEADER);
        assertThat(a.lostLease).hasValue(0);

        // the new leader reconciles everything, the same slot included: its Backup exists, nothing is created twice
        b.wakeups.wakeAll();
        await().during(Duration.ofMillis(500)).until(() -> backupsOf("ha").equals(List.of(firstName)));

        // the old leader created the next slot's Backup and died before recording it: the new one adopts it
        Instant second = first.plus(1, ChronoUnit.HOURS);
        String secondName = "ha-" + ManagementBackup.SLOT_FORMAT.format(second);
        Backup orphan = new Backup();
        orphan.getMetadata().setName(secondName);
        orphan.getMetadata().setNamespace(NS);
        orphan.getMetadata().setLabels(Map.of(Labels.MANAGEMENT_BACKUP, "ha"));
        orphan.getMetadata().setAnnotations(Map.of(Labels.MANAGEMENT_BACKUP, "ha"));
        cluster.resource(orphan).create();
        clock.set(second);
        b.wakeups.wake("ha");
        await().until(() -> secondName.equals(mb("ha").getStatus().getLastBackupName()));

        Instant third = second.plus(1, ChronoUnit.HOURS);
        String thirdName = "ha-" + ManagementBackup.SLOT_FORMAT.format(third);
        new VeleroSimulator(cluster, NS).complete(secondName, 3);
        await().until(() -> "Completed".equals(mb("ha").getStatus().getLastBackup().getPhase()));
        clock.set(third);
        b.wakeups.wake("ha");
        await().until(() -> backup(thirdName) != null);

        assertThat(backupsOf("ha")).containsExactlyInAnyOrder(firstName, secondName, thirdName);
        assertThat(backupsOf("ha-once")).containsExactly("ha-once");
        List<Request> creates = b.requests.writes().stream()
                .filter(r -> r.method().equals("POST") && r.uri().getPath().endsWith("/backups")).toList();
        // the new leader tried two creates: the second slot's met the orphan (a conflict, then adopted), the third's succeeded
        assertThat(creates).hasSize(2);

        // the two never wrote at the same time: every write of the old leader came before the first of the new one
        long lastOfA = reconcilerWrites(a).stream().mapToLong(Request::sequence).max().orElseThrow();
        long firstOfB = reconcilerWrites(b).stream().mapToLong(Request::sequence).min().orElseThrow();
        assertThat(lastOfA).isLessThan(firstOfB);

        // and the chart's RBAC allows every request either replica made, in the namespaces it made them
        RbacRules rbac = RbacRules.of(Chart.render());
        List<Request> made = new ArrayList<>(a.requests.all());
        made.addAll(b.requests.all());
        assertThat(made).hasSizeGreaterThan(50).allSatisfy(request -> RbacRules.attributes(request.method(), request.uri())
                .ifPresent(attributes -> assertThat(rbac.allows(attributes))
                        .as("the chart's RBAC denies %s (%s)", request, attributes).isTrue()));
    }

    /** Writes other than leader election's own (the lease, and the start-up check of the permission to use it). */
    static List<Request> reconcilerWrites(Replica replica) {
        return replica.requests.writes().stream()
                .filter(r -> !r.uri().getPath().contains("/leases") && !r.uri().getPath().contains("selfsubjectrulesreviews"))
                .toList();
    }

    String holder() {
        var lease = cluster.leases().inNamespace(NS).withName(LEASE).get();
        return lease == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
    }

    void create(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule(schedule);
        mb.setSpec(spec);
        cluster.resource(mb).create();
    }

    ManagementBackup mb(String name) {
        return cluster.resources(ManagementBackup.class).withName(name).get();
    }

    Backup backup(String name) {
        return cluster.resources(Backup.class).inNamespace(NS).withName(name).get();
    }

    List<String> backupsOf(String mb) {
        return cluster.resources(Backup.class).inNamespace(NS).withLabel(Labels.MANAGEMENT_BACKUP, mb).list().getItems()
                .stream().map(backup -> backup.getMetadata().getName()).filter(Objects::nonNull).toList();
    }
}
