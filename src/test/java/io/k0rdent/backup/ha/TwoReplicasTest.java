package io.k0rdent.backup.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.chart.Chart;
import io.k0rdent.backup.chart.RbacRules;
import io.k0rdent.backup.test.MockClusterExtension;
import io.k0rdent.backup.test.PausableProxy;
import io.k0rdent.backup.test.RecordedRequests.Request;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;

/**
 * Two operator instances (JOSDK operators with the production reconciler and leader election, wired by hand) on one API
 * server: only the lease holder writes, the standby takes over when the leader goes, and no schedule slot gets a second
 * Backup across the change, even when the old leader created a Backup and died before recording it. Every request they
 * made is checked against the RBAC the Helm chart grants.
 * <p>
 * A leader that stops releases the lease, so the standby takes over within a retry period; a leader cut off from the API
 * server (a TCP proxy in front of the mock, closed for a while) stops writing once its renew deadline passes and leads
 * again in the same process when the server is back.
 */
class TwoReplicasTest {

    private static final Logger LOG = Logger.getLogger(TwoReplicasTest.class);

    static final String NS = "kcm-system";
    static final String LEASE = "kcm-backup-operator-lease";

    @RegisterExtension
    final MockClusterExtension mock = new MockClusterExtension();
    KubernetesMockServer server;
    KubernetesClient cluster;
    TestClock clock;
    OperatorReplica a;
    OperatorReplica b;

    @BeforeEach
    void startCluster() {
        server = mock.server();
        cluster = mock.client();
        new VeleroSimulator(cluster, NS).storageLocation("default", true, "Available");
        clock = new TestClock();
    }

    @AfterEach
    void stopCluster() {
        for (OperatorReplica replica : new OperatorReplica[] { a, b }) {
            if (replica != null && replica.isRunning()) {
                replica.stop();
            }
        }
    }

    @Test
    void onlyTheLeaderWritesAndNoSlotIsBackedUpTwiceAcrossALeaderChange() {
        a = replica("replica-a").start();
        await().until(() -> holder().equals("replica-a"));
        b = replica("replica-b").start();
        await().until(() -> b.leadership.currentLeader().orElse("").equals("replica-a"));
        assertThat(b.leadership.role()).isEqualTo(Leadership.Role.STANDBY);
        assertThat(b.operator.getRuntimeInfo().isStarted()).isTrue();

        create("ha", "@every 1h");
        create("ha-once", null);
        await().until(() -> backup("ha-once") != null);
        Instant created = Instant.parse(mb("ha").getMetadata().getCreationTimestamp());
        await().until(() -> hasNextAttempt("ha"));

        Instant first = created.plus(1, ChronoUnit.HOURS);
        clock.set(first);
        b.wakeups.wakeAll();
        a.wakeups.wakeAll();
        String firstName = "ha-" + ManagementBackup.SLOT_FORMAT.format(first);
        await().until(() -> firstName.equals(lastBackupName("ha")));
        new VeleroSimulator(cluster, NS).complete(firstName, 3);
        await().until(() -> "Completed".equals(lastPhase("ha")));

        // the standby read everything (its caches are warm) and wrote nothing, not even to the lease it waits for
        assertThat(b.requests.writes()).isEmpty();
        assertThat(b.requests.all()).anyMatch(r -> r.uri().getPath().endsWith("/managementbackups"));

        // the leader goes (a rolling update stops it: it releases the lease); the standby takes over
        a.stop();
        await().until(() -> holder().equals("replica-b"));
        await().until(() -> b.leadership.role() == Leadership.Role.LEADER);
        assertThat(a.leadership.lostLeases()).isZero();

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
        await().until(() -> secondName.equals(lastBackupName("ha")));

        Instant third = second.plus(1, ChronoUnit.HOURS);
        String thirdName = "ha-" + ManagementBackup.SLOT_FORMAT.format(third);
        new VeleroSimulator(cluster, NS).complete(secondName, 3);
        await().until(() -> "Completed".equals(lastPhase("ha")));
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

    @Test
    void aLeaderThatStopsReleasesTheLeaseSoTheStandbyTakesOverWithinARetryPeriodAndBacksUpTheDueSlot() {
        // the production timings: without the release the standby would wait for the 15 s lease to expire
        Map<String, String> production = Map.of();
        a = new OperatorReplica("replica-a", cluster.getConfiguration(), clock, production).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership.role() == Leadership.Role.LEADER);
        b = new OperatorReplica("replica-b", cluster.getConfiguration(), clock, production).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.leadership.currentLeader().orElse("").equals("replica-a"));
        create("ha", "@every 1h");
        await().until(() -> hasNextAttempt("ha"));

        // the slot comes due while the leader is being replaced: the new leader backs it up as it takes over
        Instant slot = Instant.parse(mb("ha").getMetadata().getCreationTimestamp()).plus(1, ChronoUnit.HOURS);
        String slotName = "ha-" + ManagementBackup.SLOT_FORMAT.format(slot);
        clock.set(slot);
        long stopped = System.nanoTime();
        a.stop();
        assertThat(holder()).as("the lease is released on stop").isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> b.leadership.role() == Leadership.Role.LEADER);
        Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
        await().atMost(Duration.ofSeconds(5)).until(() -> backup(slotName) != null);
        Duration backedUp = Duration.ofNanos(System.nanoTime() - stopped);
        LOG.infof("Graceful hand-over: the standby led %d ms after the leader stopped, and backed up the due slot after %d ms",
                takeover.toMillis(), backedUp.toMillis());
        // one retry period of 2 s, jittered by up to 120 %, instead of the lease duration of 15 s
        assertThat(takeover).isLessThan(Duration.ofMillis(4_400 + 600));
        assertThat(holder()).isEqualTo("replica-b");
        assertThat(backupsOf("ha")).containsExactly(slotName);
        assertThat(a.leadership.lostLeases()).isZero();
    }

    @Test
    void aLeaderCutOffFromTheApiServerStopsWritingAndLeadsAgainInTheSameProcessCatchingUpTheMissedSlotOnce()
            throws IOException {
        try (PausableProxy proxy = new PausableProxy(server.getPort())) {
            Config throughProxy = new ConfigBuilder(cluster.getConfiguration())
                    .withMasterUrl("http://localhost:" + proxy.port()).build();
            a = new OperatorReplica("replica-a", throughProxy, clock,
                    Map.of("leaseDuration", "2s", "renewDeadline", "1500ms", "retryPeriod", "200ms")).start();
            await().until(() -> a.leadership.role() == Leadership.Role.LEADER);
            create("ha", "@every 1h");
            await().until(() -> hasNextAttempt("ha"));
            Instant first = Instant.parse(mb("ha").getMetadata().getCreationTimestamp()).plus(1, ChronoUnit.HOURS);
            String firstName = "ha-" + ManagementBackup.SLOT_FORMAT.format(first);
            clock.set(first);
            a.wakeups.wakeAll();
            await().until(() -> firstName.equals(lastBackupName("ha")));
            new VeleroSimulator(cluster, NS).complete(firstName, 3);
            await().until(() -> "Completed".equals(lastPhase("ha")));

            // the API server goes away for longer than the renew deadline
            proxy.pause();
            long away = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership.role() == Leadership.Role.STANDBY);
            Duration stoppedLeading = Duration.ofNanos(System.nanoTime() - away);
            assertThat(a.leadership.lostLeases()).isEqualTo(1);
            assertThat(a.isRunning()).as("the operator keeps running, it is not restarted").isTrue();
            int writesWhileAway = a.requests.mark();
            // two slots pass meanwhile
            Instant third = first.plus(2, ChronoUnit.HOURS);
            String thirdName = "ha-" + ManagementBackup.SLOT_FORMAT.format(third);
            clock.set(third.plus(10, ChronoUnit.MINUTES));
            a.wakeups.wakeAll();
            await().during(Duration.ofMillis(500)).until(() -> backupsOf("ha").equals(List.of(firstName)));

            // while a standby, woken with a slot due, the reconciler tried no write at all (the election only reads the lease)
            assertThat(a.requests.since(writesWhileAway)).noneMatch(Request::isWrite);

            proxy.resume();
            long back = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership.role() == Leadership.Role.LEADER);
            Duration ledAgain = Duration.ofNanos(System.nanoTime() - back);
            // nobody wakes it: acquiring the lease reconciles everything, and the latest missed slot is backed up once
            await().atMost(Duration.ofSeconds(10)).until(() -> backup(thirdName) != null);
            Duration caughtUp = Duration.ofNanos(System.nanoTime() - back);
            LOG.infof("Outage: stopped leading %d ms after the API server went away; led again %d ms after it came back, "
                    + "the missed slot backed up after %d ms", stoppedLeading.toMillis(), ledAgain.toMillis(),
                    caughtUp.toMillis());
            await().during(Duration.ofSeconds(1)).until(() -> backupsOf("ha").size() == 2);
            assertThat(backupsOf("ha")).containsExactlyInAnyOrder(firstName, thirdName);
            assertThat(a.leadership.lostLeases()).isEqualTo(1);
            assertThat(a.isRunning()).isTrue();
        }
    }

    OperatorReplica replica(String identity) {
        return new OperatorReplica(identity, cluster.getConfiguration(), clock,
                Map.of("leaseDuration", "2s", "renewDeadline", "1500ms", "retryPeriod", "200ms"));
    }

    /** Writes other than leader election's own (the lease, and the start-up check of the permission to use it). */
    static List<Request> reconcilerWrites(OperatorReplica replica) {
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

    /** Read once: a write of the object itself may store it without status for a moment (the mock keeps no subresource). */
    boolean hasNextAttempt(String name) {
        ManagementBackup mb = mb(name);
        return mb.getStatus() != null && mb.getStatus().getNextAttempt() != null;
    }

    String lastBackupName(String name) {
        ManagementBackup mb = mb(name);
        return mb.getStatus() == null ? null : mb.getStatus().getLastBackupName();
    }

    /** The phase of the last Backup as the ManagementBackup records it; null until it records one. */
    String lastPhase(String name) {
        ManagementBackup mb = mb(name);
        return mb.getStatus() == null || mb.getStatus().getLastBackup() == null ? null : mb.getStatus().getLastBackup().getPhase();
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
