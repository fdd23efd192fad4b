package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.chart.Chart;
import io.k0rdent.backup.chart.RbacRules;
import io.k0rdent.backup.metrics.EventMetrics;
import io.k0rdent.backup.test.MockClusterExtension;
import io.k0rdent.backup.test.RecordedRequests;
import io.k0rdent.backup.test.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Where the recorder puts events, how it aggregates identical ones, and that recording never waits for the API server:
 * on the mock API server, with the writer run by hand or blocked on purpose.
 */
class EventRecorderTest {

    static final Instant T0 = Instant.parse("2026-01-17T18:00:00Z");

    @RegisterExtension
    final MockClusterExtension mock = MockClusterExtension.withoutCrds();
    KubernetesMockServer server;
    KubernetesClient cluster;
    RecordedRequests requests;
    KubernetesClient client;
    TestClock clock;
    SimpleMeterRegistry registry;
    EventMetrics metrics;
    ManualExecutor writer;
    EventRecorder recorder;

    @BeforeEach
    void startCluster() {
        server = mock.server();
        cluster = mock.client();
        requests = new RecordedRequests();
        client = requests.client(cluster.getConfiguration());
        clock = new TestClock();
        clock.set(T0);
        registry = new SimpleMeterRegistry();
        metrics = new EventMetrics(registry);
        writer = new ManualExecutor(10);
        recorder = new EventRecorder(client, clock, metrics, writer);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void aClusterScopedObjectsEventsGoToDefaultAndANamespacedObjectsToItsNamespace() {
        recorder.warning(managementBackup("nightly", "uid-1"), "InvalidSchedule", "invalid schedule \"61 * * * *\"");
        recorder.normal(configMap("kcm-system", "modifier"), "Created", "created");
        writer.runAll();

        Event ofBackup = only(events("nightly"));
        assertThat(ofBackup.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(ofBackup.getInvolvedObject().getNamespace()).isNull();
        assertThat(ofBackup.getInvolvedObject().getKind()).isEqualTo("ManagementBackup");
        assertThat(ofBackup.getInvolvedObject().getApiVersion()).isEqualTo("k0rdent.mirantis.com/v1beta1");
        assertThat(ofBackup.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(ofBackup.getType()).isEqualTo("Warning");
        assertThat(ofBackup.getReason()).isEqualTo("InvalidSchedule");
        assertThat(ofBackup.getSource().getComponent()).isEqualTo("kcm-backup-operator");
        Event ofConfigMap = only(events("modifier"));
        assertThat(ofConfigMap.getMetadata().getNamespace()).isEqualTo("kcm-system");
        assertThat(ofConfigMap.getInvolvedObject().getNamespace()).isEqualTo("kcm-system");
        assertThat(allEvents()).allSatisfy(EventRecorderTest::acceptedByARealApiServer);
    }

    @Test
    void aRepeatedEventIsOneObjectWithAGrowingCountAndLastTimestamp() {
        ManagementBackup mb = managementBackup("nightly", "uid-1");
        recorder.warning(mb, "BackupFailed", "Velero backup nightly-1 ended Failed");
        writer.runAll();
        clock.step(Duration.ofMinutes(5));
        recorder.warning(mb, "BackupFailed", "Velero backup nightly-1 ended Failed");
        writer.runAll();
        clock.step(Duration.ofMinutes(5));
        mb.getMetadata().setResourceVersion("42");
        recorder.warning(mb, "BackupFailed", "Velero backup nightly-1 ended Failed");
        writer.runAll();

        Event event = only(events("nightly"));
        assertThat(event.getCount()).isEqualTo(3);
        assertThat(event.getFirstTimestamp()).isEqualTo("2026-01-17T18:00:00Z");
        assertThat(event.getLastTimestamp()).isEqualTo("2026-01-17T18:10:00Z");
        assertThat(requests.writes()).extracting(r -> r.method() + " " + r.uri().getPath()).containsExactly(
                "POST /api/v1/namespaces/default/events",
                "PATCH /api/v1/namespaces/default/events/" + event.getMetadata().getName(),
                "PATCH /api/v1/namespaces/default/events/" + event.getMetadata().getName());
    }

    @Test
    void eventsThatDifferInObjectTypeReasonOrMessageAreSeparateObjects() {
        ManagementBackup mb = managementBackup("nightly", "uid-1");
        recorder.warning(mb, "BackupFailed", "Velero backup nightly-1 ended Failed");
        recorder.normal(mb, "BackupFailed", "Velero backup nightly-1 ended Failed");
        recorder.warning(mb, "BackupSkipped", "Velero backup nightly-1 ended Failed");
        recorder.warning(mb, "BackupFailed", "Velero backup nightly-2 ended Failed");
        // the same name again, but a new object (deleted and created again)
        recorder.warning(managementBackup("nightly", "uid-2"), "BackupFailed", "Velero backup nightly-1 ended Failed");
        writer.runAll();

        assertThat(events("nightly")).hasSize(5).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1))
                .extracting(e -> e.getMetadata().getName()).doesNotHaveDuplicates();
    }

    @Test
    void anEventDeletedMeanwhileIsCreatedAnew() {
        ManagementBackup mb = managementBackup("nightly", "uid-1");
        recorder.warning(mb, "BackupFailed", "failed");
        recorder.warning(mb, "BackupFailed", "failed");
        writer.runAll();
        assertThat(only(events("nightly")).getCount()).isEqualTo(2);

        // the API server expires events (an hour by default), or someone deletes them
        cluster.v1().events().inNamespace("default").delete();
        await().until(() -> events("nightly").isEmpty());
        clock.step(Duration.ofHours(2));
        recorder.warning(mb, "BackupFailed", "failed");
        writer.runAll();

        Event again = only(events("nightly"));
        assertThat(again.getCount()).isEqualTo(1);
        assertThat(again.getFirstTimestamp()).isEqualTo("2026-01-17T20:00:00Z");
        assertThat(dropped("write_failed")).isZero();
    }

    @Test
    void aRefusedWriteIsCountedAndTheNextOccurrenceCreatesTheEvent() {
        server.expect().post().withPath("/api/v1/namespaces/default/events")
                .andReturn(422, new StatusBuilder().withCode(422).withReason("Invalid").withStatus("Failure")
                        .withMessage("Event \"nightly.1\" is invalid: involvedObject.namespace: Invalid value: \"\": "
                                + "does not match event.namespace")
                        .build())
                .once();
        ManagementBackup mb = managementBackup("nightly", "uid-1");
        recorder.warning(mb, "BackupFailed", "failed");
        writer.runAll();
        assertThat(events("nightly")).isEmpty();
        assertThat(dropped("write_failed")).isEqualTo(1);

        recorder.warning(mb, "BackupFailed", "failed");
        writer.runAll();
        assertThat(only(events("nightly")).getCount()).isEqualTo(1);
    }

    @Test
    void aFailureIsReportedInOneLineWithTheApiServersAnswer() {
        KubernetesClientException refused = new KubernetesClientException(new StatusBuilder().withCode(422)
                .withMessage("Event \"x.1\" is invalid: involvedObject.namespace: Invalid value: \"\": does not match "
                        + "event.namespace")
                .build());
        assertThat(ApiErrors.concise(refused)).isEqualTo("422 Event \"x.1\" is invalid: involvedObject.namespace: "
                + "Invalid value: \"\": does not match event.namespace");
        assertThat(ApiErrors.concise(new KubernetesClientException("connection refused\n\tat somewhere")))
                .isEqualTo("connection refused");
    }

    @Test
    void recordingDoesNotWaitForTheWriterAndDropsWhatDoesNotFitTheQueue() {
        ExecutorService blocked = EventRecorder.singleWriter(1);
        EventRecorder recorder = new EventRecorder(client, clock, metrics, blocked);
        CountDownLatch release = new CountDownLatch(1);
        blocked.execute(() -> awaitQuietly(release));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            recorder.normal(managementBackup("a", "uid-a"), "BackupCreated", "one");
            recorder.normal(managementBackup("b", "uid-b"), "BackupCreated", "two");
            recorder.normal(managementBackup("c", "uid-c"), "BackupCreated", "three");
        });
        assertThat(dropped("queue_full")).isEqualTo(2);

        release.countDown();
        await().until(() -> events("a").size() == 1);
        assertThat(events("b")).isEmpty();
        recorder.close(Duration.ofSeconds(5));
    }

    @Test
    void normalEventsLeaveRoomInTheQueueForWarnings() {
        ManualExecutor small = new ManualExecutor(4);
        EventRecorder recorder = new EventRecorder(client, clock, metrics, small, 2);
        recorder.normal(managementBackup("a", "uid-a"), "BackupCreated", "one");
        recorder.normal(managementBackup("b", "uid-b"), "BackupCreated", "two");
        recorder.normal(managementBackup("c", "uid-c"), "BackupCreated", "three");
        recorder.warning(managementBackup("d", "uid-d"), "BackupFailed", "failed");
        assertThat(dropped("queue_full")).isEqualTo(1);

        small.runAll();
        assertThat(events("c")).isEmpty();
        assertThat(only(events("d")).getType()).isEqualTo("Warning");
        // taken up by the writer, the queue has room for normal events again
        recorder.normal(managementBackup("c", "uid-c"), "BackupCreated", "three");
        small.runAll();
        assertThat(events("c")).hasSize(1);
        assertThat(allEvents()).hasSize(4);
    }

    @Test
    void stoppingWritesWhatIsQueued() {
        EventRecorder recorder = new EventRecorder(client, clock, metrics, EventRecorder.singleWriter(10));
        recorder.normal(managementBackup("a", "uid-a"), "BackupCreated", "one");
        recorder.normal(managementBackup("b", "uid-b"), "BackupCreated", "two");

        recorder.close(Duration.ofSeconds(10));

        assertThat(allEvents()).hasSize(2);
        assertThat(dropped("queue_full")).isZero();
    }

    @Test
    void stoppingGivesUpOnAStuckWriterAndCountsWhatItDrops() {
        ExecutorService stuck = EventRecorder.singleWriter(10);
        EventRecorder recorder = new EventRecorder(client, clock, metrics, stuck);
        stuck.execute(() -> awaitQuietly(new CountDownLatch(1)));
        recorder.normal(managementBackup("a", "uid-a"), "BackupCreated", "one");

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> recorder.close(Duration.ofMillis(100)));

        assertThat(dropped("queue_full")).isEqualTo(1);
        assertThat(stuck.isShutdown()).isTrue();
        recorder.normal(managementBackup("b", "uid-b"), "BackupCreated", "after");
        assertThat(dropped("queue_full")).isEqualTo(2);
    }

    @Test
    void theChartsRbacAllowsEveryRequestOfTheRecorder() {
        ManagementBackup mb = managementBackup("nightly", "uid-1");
        recorder.warning(mb, "BackupFailed", "failed");
        recorder.warning(mb, "BackupFailed", "failed");
        recorder.normal(configMap("kcm-system", "modifier"), "Created", "created");
        recorder.normal(configMap("kcm-system", "modifier"), "Created", "created");
        writer.runAll();

        RbacRules rbac = RbacRules.of(Chart.render());
        assertThat(requests.writes()).extracting(RecordedRequests.Request::method).contains("POST", "PATCH");
        assertThat(requests.all()).allSatisfy(request -> assertThat(RbacRules.attributes(request.method(), request.uri())
                .map(rbac::allows)).as("the chart's RBAC allows %s", request).contains(true));
    }

    /** The rule a real API server applies (STACK.md): an event is in its object's namespace, or in default for none. */
    static void acceptedByARealApiServer(Event event) {
        String objectNamespace = event.getInvolvedObject().getNamespace();
        assertThat(event.getMetadata().getNamespace())
                .isEqualTo(objectNamespace == null || objectNamespace.isEmpty() ? "default" : objectNamespace);
    }

    double dropped(String reason) {
        return registry.get("kcm.backup.events.dropped").tag(EventMetrics.REASON, reason).counter().count();
    }

    List<Event> allEvents() {
        return cluster.v1().events().inAnyNamespace().list().getItems();
    }

    List<Event> events(String objectName) {
        return allEvents().stream().filter(e -> objectName.equals(e.getInvolvedObject().getName())).toList();
    }

    static Event only(List<Event> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static ManagementBackup managementBackup(String name, String uid) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        mb.getMetadata().setUid(uid);
        mb.getMetadata().setResourceVersion("1");
        return mb;
    }

    static ConfigMap configMap(String namespace, String name) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid("uid-" + name)
                .endMetadata().build();
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
