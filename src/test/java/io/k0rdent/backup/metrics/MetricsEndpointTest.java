package io.k0rdent.backup.metrics;

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

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupProgress;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.controller.Wakeups;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Scrape;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Scrapes {@code /q/metrics} after scripted sequences of backups and asserts the series an operator would alert on. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class MetricsEndpointTest {

    static final String NS = "kcm-system";
    static final String MB = "managementbackup";

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    Wakeups wakeups;
    @KubernetesTestServer
    KubernetesServer server;

    VeleroSimulator velero;

    @BeforeEach
    void setUp() {
        clock.reset();
        velero = new VeleroSimulator(client, NS);
        velero.storageLocation("aws-s3", true, "Available");
    }

    @AfterEach
    void cleanUp() {
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
    }

    @Test
    void aScheduleOfBackupsIsCountedOncePerBackupAndItsGaugesFollowTheStatus() {
        create("metered", "@every 1h");
        Instant created = Instant.parse(await().until(() -> mb("metered"), Objects::nonNull).getMetadata().getCreationTimestamp());
        Instant first = created.plus(1, ChronoUnit.HOURS);
        await().until(() -> mb("metered"), m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);

        Scrape idle = awaitScrape(s -> s.value("kcm_backup_next_attempt_timestamp_seconds", MB, "metered").isPresent());
        assertThat(idle.value("kcm_backup_next_attempt_timestamp_seconds", MB, "metered")).hasValue(first.getEpochSecond());
        assertThat(idle.value("kcm_backup_created_timestamp_seconds", MB, "metered")).hasValue(created.getEpochSecond());
        assertThat(idle.value("kcm_backup_backups_created_total", MB, "metered")).hasValue(0);
        assertThat(idle.find("kcm_backup_backups_finished_total", MB, "metered")).hasSize(4)
                .allSatisfy(s -> assertThat(s.value()).isZero());
        assertThat(idle.value("kcm_backup_schedule_active", MB, "metered")).hasValue(1);
        assertThat(idle.value("kcm_backup_ready", MB, "metered")).hasValue(1);
        assertThat(idle.sum("kcm_backup_last_backup_phase", MB, "metered")).isZero();
        assertThat(idle.value("kcm_backup_last_success_timestamp_seconds", MB, "metered")).isEmpty();

        // the first slot, taken 5 s late
        clock.set(first.plusSeconds(5));
        wakeups.wake("metered");
        String firstName = "metered-" + ManagementBackup.SLOT_FORMAT.format(first);
        awaitBackup(firstName);
        Scrape running = awaitScrape(s -> s.value("kcm_backup_last_backup_phase", MB, "metered", "phase", "New").orElse(0) == 1);
        assertThat(running.value("kcm_backup_backups_created_total", MB, "metered")).hasValue(1);
        assertThat(running.value("kcm_backup_schedule_lag_seconds_count", MB, "metered")).hasValue(1);
        assertThat(running.value("kcm_backup_schedule_lag_seconds_sum", MB, "metered")).hasValue(5);
        assertThat(running.value("kcm_backup_next_attempt_timestamp_seconds", MB, "metered"))
                .hasValue(first.plus(1, ChronoUnit.HOURS).getEpochSecond());

        // Velero completes it: 78 items from 18:00:12 to 18:00:18
        velero.complete(firstName, 78);
        Scrape completed = awaitScrape(s -> s.value("kcm_backup_backups_finished_total", MB, "metered", "phase", "Completed")
                .orElse(0) == 1);
        assertThat(completed.value("kcm_backup_backup_duration_seconds_count", MB, "metered")).hasValue(1);
        assertThat(completed.value("kcm_backup_backup_duration_seconds_sum", MB, "metered")).hasValue(6);
        assertThat(completed.value("kcm_backup_last_backup_items", MB, "metered")).hasValue(78);
        assertThat(completed.value("kcm_backup_last_success_timestamp_seconds", MB, "metered"))
                .hasValue(Instant.parse("2025-01-17T18:00:18Z").getEpochSecond());
        assertThat(completed.value("kcm_backup_last_backup_phase", MB, "metered", "phase", "Completed")).hasValue(1);
        assertThat(completed.sum("kcm_backup_last_backup_phase", MB, "metered")).isEqualTo(1);

        // repeated reconciles of the same finished backup count nothing more
        for (int i = 0; i < 3; i++) {
            wakeups.wake("metered");
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> Scrape.now()
                .value("kcm_backup_backups_finished_total", MB, "metered", "phase", "Completed").orElse(0) == 1);

        // the second slot fails
        Instant second = first.plus(1, ChronoUnit.HOURS);
        clock.set(second);
        wakeups.wake("metered");
        String secondName = "metered-" + ManagementBackup.SLOT_FORMAT.format(second);
        awaitBackup(secondName);
        velero.setStatus(secondName, s -> {
            s.setPhase("Failed");
            s.setStartTimestamp("2025-01-17T19:00:00Z");
            s.setCompletionTimestamp("2025-01-17T19:02:00Z");
            s.setFailureReason("object storage unreachable");
            BackupProgress progress = new BackupProgress();
            progress.setItemsBackedUp(12);
            s.setProgress(progress);
        });
        Scrape failed = awaitScrape(s -> s.value("kcm_backup_backups_finished_total", MB, "metered", "phase", "Failed")
                .orElse(0) == 1);
        assertThat(failed.value("kcm_backup_backups_created_total", MB, "metered")).hasValue(2);
        assertThat(failed.value("kcm_backup_backups_finished_total", MB, "metered", "phase", "Completed")).hasValue(1);
        assertThat(failed.value("kcm_backup_last_backup_phase", MB, "metered", "phase", "Failed")).hasValue(1);
        assertThat(failed.sum("kcm_backup_last_backup_phase", MB, "metered")).isEqualTo(1);
        assertThat(failed.value("kcm_backup_ready", MB, "metered")).hasValue(0);
        assertThat(failed.value("kcm_backup_backup_duration_seconds_sum", MB, "metered")).hasValue(6 + 120);
        assertThat(failed.value("kcm_backup_last_backup_items", MB, "metered")).hasValue(12);
        // the last success is still the first backup's
        assertThat(failed.value("kcm_backup_last_success_timestamp_seconds", MB, "metered"))
                .hasValue(Instant.parse("2025-01-17T18:00:18Z").getEpochSecond());

        // a third backup still running when the fourth slot comes: the slot is skipped and counted
        Instant third = second.plus(1, ChronoUnit.HOURS);
        clock.set(third);
        wakeups.wake("metered");
        String thirdName = "metered-" + ManagementBackup.SLOT_FORMAT.format(third);
        awaitBackup(thirdName);
        velero.phase(thirdName, "InProgress");
        awaitScrape(s -> s.value("kcm_backup_last_backup_phase", MB, "metered", "phase", "InProgress").orElse(0) == 1);
        clock.set(third.plus(1, ChronoUnit.HOURS));
        wakeups.wake("metered");
        Scrape skipped = awaitScrape(s -> s.value("kcm_backup_slots_skipped_total", MB, "metered").orElse(0) == 1);
        assertThat(skipped.value("kcm_backup_backups_created_total", MB, "metered")).hasValue(3);

        // suspending stops the schedule, not the series
        client.resources(ManagementBackup.class).withName("metered").edit(m -> {
            m.getSpec().setSuspend(true);
            return m;
        });
        awaitScrape(s -> s.value("kcm_backup_schedule_active", MB, "metered").orElse(1) == 0);

        // deleting the ManagementBackup removes every series tagged with it
        client.resources(ManagementBackup.class).withName("metered").delete();
        Scrape gone = awaitScrape(s -> s.find("kcm_backup_backups_created_total", MB, "metered").isEmpty());
        assertThat(gone.samples()).noneMatch(s -> "metered".equals(s.labels().get(MB)));
    }

    @Test
    void aSingleBackupRejectedByVeleroCountsAsFailedValidationWithoutDuration() {
        create("rejected", null);
        awaitBackup("rejected");
        velero.setStatus("rejected", s -> {
            s.setPhase("FailedValidation");
            s.setValidationErrors(List.of("backup storage location 'default' not found"));
        });
        Scrape scrape = awaitScrape(s -> s.value("kcm_backup_backups_finished_total", MB, "rejected", "phase",
                "FailedValidation").orElse(0) == 1);
        assertThat(scrape.value("kcm_backup_backups_created_total", MB, "rejected")).hasValue(1);
        // no schedule: no lag, no next attempt, not an active schedule
        assertThat(scrape.value("kcm_backup_schedule_lag_seconds_count", MB, "rejected")).isEmpty();
        assertThat(scrape.value("kcm_backup_next_attempt_timestamp_seconds", MB, "rejected")).isEmpty();
        assertThat(scrape.value("kcm_backup_schedule_active", MB, "rejected")).hasValue(0);
        // Velero never started it: nothing to time
        assertThat(scrape.value("kcm_backup_backup_duration_seconds_count", MB, "rejected")).isEmpty();
        assertThat(scrape.value("kcm_backup_last_backup_phase", MB, "rejected", "phase", "FailedValidation")).hasValue(1);
    }

    @Test
    void aReconcileThatFailsOnceIsRetriedAndCountedOnce() {
        create("flaky", "@every 1h");
        Instant created = Instant.parse(await().until(() -> mb("flaky"), Objects::nonNull).getMetadata().getCreationTimestamp());
        await().until(() -> mb("flaky"), m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);
        double failedBefore = Scrape.now().sum("operator_sdk_reconciliations_failed_total");

        // the API server refuses the Backup create once (say, an admission webhook timed out). Not a 5xx: the Kubernetes
        // client retries those itself and the reconcile would never see the failure
        server.expect().post().withPath("/apis/velero.io/v1/namespaces/" + NS + "/backups")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,"
                        + "\"reason\":\"Forbidden\",\"message\":\"admission webhook denied the request\"}")
                .once();
        Instant slot = created.plus(1, ChronoUnit.HOURS);
        clock.set(slot);
        wakeups.wake("flaky");

        ManagementBackup failing = await().until(() -> mb("flaky"), m -> m.getStatus().getError() != null);
        // the API server's answer said once, not again in the client's dump of its Status
        assertThat(failing.getStatus().getError())
                .isEqualTo("reconcile failed (will retry): 403 admission webhook denied the request");
        // nothing wakes it but the framework's retry timer
        String name = "flaky-" + ManagementBackup.SLOT_FORMAT.format(slot);
        awaitBackup(name);
        await().until(() -> mb("flaky"), m -> name.equals(m.getStatus().getLastBackupName()) && m.getStatus().getError() == null);

        Scrape scrape = Scrape.now();
        assertThat(scrape.sum("operator_sdk_reconciliations_failed_total")).isGreaterThan(failedBefore);
        assertThat(scrape.value("kcm_backup_backups_created_total", MB, "flaky")).hasValue(1);
    }

    @Test
    void operatorWideSeriesExistBeforeAnythingHappens() {
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("kcm_backup_velero_installed")).hasValue(1);
        assertThat(scrape.value("kcm_backup_leader")).hasValue(1);
        assertThat(scrape.value("kcm_backup_upgrade_held")).isPresent();
        assertThat(scrape.find("kcm_backup_pre_upgrade_backups_finished_total")).extracting(s -> s.labels().get("outcome"))
                .containsExactlyInAnyOrder("Succeeded", "Error", "Timeout");
        assertThat(scrape.find("kcm_backup_restores_finished_total")).extracting(s -> s.labels().get("outcome"))
                .containsExactlyInAnyOrder("Completed", "PartiallyFailed", "Failed", "FailedValidation");
        assertThat(scrape.has("kcm_backup_pre_upgrade_backups_started_total")).isTrue();
        assertThat(scrape.has("kcm_backup_restores_started_total")).isTrue();
        assertThat(scrape.has("kcm_backup_upgrade_denials_total")).isTrue();
        assertThat(scrape.find("kcm_backup_events_dropped_total")).extracting(s -> s.labels().get("reason"))
                .containsExactlyInAnyOrder("queue_full", "write_failed");
        // the operator framework's reconcile metrics, per controller, never per resource
        assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("operator_sdk_")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels()).doesNotContainKeys("name", "namespace"));
    }

    // --- helpers ---

    void create(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule(schedule);
        mb.setSpec(spec);
        client.resource(mb).create();
    }

    ManagementBackup mb(String name) {
        return client.resources(ManagementBackup.class).withName(name).get();
    }

    Backup awaitBackup(String name) {
        return await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
    }

    static Scrape awaitScrape(java.util.function.Predicate<Scrape> condition) {
        return await().until(Scrape::now, condition);
    }
}
