package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.RetentionSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.RestoreSimulator;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** ManagementBackups around a restore: status rebuilt from the restored Backups, retention, and the hold during a restore. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class ManagementBackupAfterRestoreTest {

    static final String NS = "kcm-system";

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    Wakeups wakeups;

    RestoreSimulator velero;

    @BeforeEach
    void setUp() {
        clock.reset();
        velero = new RestoreSimulator(client, NS);
        new VeleroSimulator(client, NS).storageLocation("aws-s3", true, "Available");
    }

    @AfterEach
    void cleanUp() {
        client.resources(ManagementRestore.class).delete();
        client.resources(ManagementBackup.class).delete();
        client.resources(Restore.class).inNamespace(NS).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(DeleteBackupRequest.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty()
                && client.resources(Restore.class).inNamespace(NS).list().getItems().isEmpty());
    }

    @Test
    void aRestoredScheduleGoesOnFromItsLastBackupInsteadOfStartingOver() {
        Instant now = clock.instant();
        Instant last = now.minus(10, ChronoUnit.MINUTES);
        Instant before = last.minus(1, ChronoUnit.HOURS);
        scheduledBackup("hourly", before, "Completed");
        scheduledBackup("hourly", last, "Completed");

        // as a restore brings it back: spec and labels, no status
        client.resource(scheduled("hourly", "@every 1h")).create();

        ManagementBackup mb = awaitStatus("hourly", s -> s.getLastBackupName() != null && s.getNextAttempt() != null);
        assertThat(mb.getStatus().getLastBackupName()).isEqualTo(name("hourly", last));
        assertThat(mb.getStatus().getLastBackupTime()).isEqualTo(last.toString());
        assertThat(mb.getStatus().getLastBackup().getPhase()).isEqualTo("Completed");
        assertThat(mb.getStatus().getNextAttempt()).isEqualTo(last.plus(1, ChronoUnit.HOURS).toString());
        await().until(() -> eventReasons("hourly").contains("StatusRebuilt"));
        await().during(Duration.ofMillis(300)).until(() -> backups().size() == 2);

        Instant next = last.plus(1, ChronoUnit.HOURS);
        clock.set(next);
        wakeups.wake("hourly");
        awaitBackup(name("hourly", next));
        assertThat(backups()).hasSize(3);
    }

    @Test
    void aRestoredSingleBackupIsNotTakenAgain() {
        velero.backup("example-backup", "example-backup", null, List.of(), "Completed", "2025-01-17T15:50:18Z");

        ManagementBackup restored = new ManagementBackup();
        restored.getMetadata().setName("example-backup");
        restored.getSpec().setStorageLocation("aws-s3");
        client.resource(restored).create();

        ManagementBackup mb = awaitStatus("example-backup", s -> s.getLastBackupName() != null);
        assertThat(mb.getStatus().getLastBackupName()).isEqualTo("example-backup");
        // when it was taken, not when Velero listed it again on this cluster
        assertThat(mb.getStatus().getLastBackupTime()).isEqualTo("2025-01-17T15:50:12Z");
        assertThat(mb.getStatus().getLastBackup().getCompletionTimestamp()).isEqualTo("2025-01-17T15:50:18Z");
        assertThat(mb.getStatus().getError()).isNull();
        await().during(Duration.ofMillis(300)).until(() -> backups().size() == 1);
        assertThat(eventReasons("example-backup")).contains("StatusRebuilt").doesNotContain("BackupCreated");
    }

    @Test
    void keepLastDeletesExactlyTheOlderCompletedScheduledBackupsOfItsOwn() {
        Instant t1 = Instant.parse("2025-01-17T01:00:00Z");
        scheduledBackup("kept", t1, "Completed");
        scheduledBackup("kept", t1.plus(1, ChronoUnit.HOURS), "Completed");
        scheduledBackup("kept", t1.plus(2, ChronoUnit.HOURS), "Completed");
        scheduledBackup("kept", t1.plus(3, ChronoUnit.HOURS), "Completed");
        scheduledBackup("kept", t1.minus(1, ChronoUnit.HOURS), "Failed");
        velero.backup(name("kept", t1.minus(2, ChronoUnit.HOURS)), null, null, List.of(), "Completed", "2025-01-16T23:00:10Z");
        velero.backup("kept", "kept", null, List.of(), "Completed", "2025-01-16T12:00:10Z");
        Backup preUpgrade = velero.backup(name("kept", t1.minus(3, ChronoUnit.HOURS)), "kept", null, List.of(), "Completed",
                "2025-01-16T22:00:10Z");
        client.resources(Backup.class).inNamespace(NS).withName(preUpgrade.getMetadata().getName()).edit(b -> {
            b.getMetadata().getLabels().put(Labels.RELEASE_BACKUP, "kcm-0-2-0");
            return b;
        });

        client.resource(keepLast(scheduled("kept", "@every 1h"), 2, false)).create();

        List<String> expected = List.of(name("kept", t1.plus(1, ChronoUnit.HOURS)), name("kept", t1));
        await().until(() -> deleteRequests().size() == 2);
        assertThat(deleteRequests()).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(expected.get(0) + "-delete", expected.get(1) + "-delete");
        assertThat(deleteRequests()).extracting(r -> r.getSpec().getBackupName()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(deleteRequests()).allSatisfy(r -> assertThat(r.getMetadata().getLabels())
                .containsEntry(Labels.MANAGEMENT_BACKUP, "kept"));
        ManagementBackup mb = awaitStatus("kept", s -> s.getRetention() != null);
        assertThat(mb.getStatus().getRetention().getKeepLast()).isEqualTo(2);
        assertThat(mb.getStatus().getRetention().getDeleting()).containsExactlyElementsOf(expected);
        await().until(() -> eventReasons("kept").stream().filter("RetentionDeleteRequested"::equals).count() == 2);

        // asking again creates nothing new
        wakeups.wake("kept");
        wakeups.wake("kept");
        await().during(Duration.ofMillis(300)).until(() -> deleteRequests().size() == 2
                && eventReasons("kept").stream().filter("RetentionDeleteRequested"::equals).count() == 2);

        // Velero processes a request: the backup goes, and with it its entry
        client.resources(Backup.class).inNamespace(NS).withName(expected.get(1)).delete();
        awaitStatus("kept", s -> s.getRetention() != null && s.getRetention().getDeleting().equals(List.of(expected.get(0))));
    }

    @Test
    void keepLastDryRunOnlyReportsWhatItWouldDelete() {
        Instant t1 = Instant.parse("2025-01-17T01:00:00Z");
        scheduledBackup("careful", t1, "Completed");
        scheduledBackup("careful", t1.plus(1, ChronoUnit.HOURS), "Completed");

        client.resource(keepLast(scheduled("careful", "@every 1h"), 1, true)).create();

        ManagementBackup mb = awaitStatus("careful", s -> s.getRetention() != null);
        assertThat(mb.getStatus().getRetention().getWouldDelete()).containsExactly(name("careful", t1));
        assertThat(mb.getStatus().getRetention().getDeleting()).isNull();
        await().until(() -> eventReasons("careful").contains("RetentionWouldDelete"));
        await().during(Duration.ofMillis(300)).until(() -> deleteRequests().isEmpty());
    }

    @Test
    void backupsAndRetentionWaitWhileARestoreRunsAndGoWhenItEnds() {
        velero.backup("source", "source", null, List.of(), "Completed", "2025-01-17T18:00:18Z");
        ManagementRestore mr = new ManagementRestore();
        mr.getMetadata().setName("dr");
        ManagementRestoreSpec spec = new ManagementRestoreSpec();
        spec.setBackupName("source");
        mr.setSpec(spec);
        client.resource(mr).create();
        await().until(() -> client.resources(Restore.class).inNamespace(NS).withName("dr-1").get(), Objects::nonNull);
        velero.progress("dr-1", 10, 78);

        Instant t1 = Instant.parse("2025-01-17T01:00:00Z");
        scheduledBackup("pruned", t1, "Completed");
        scheduledBackup("pruned", t1.plus(1, ChronoUnit.HOURS), "Completed");
        client.resource(keepLast(scheduled("pruned", "@every 1h"), 1, false)).create();
        ManagementBackup single = new ManagementBackup();
        single.getMetadata().setName("during");
        client.resource(single).create();

        ManagementBackup held = awaitStatus("during", s -> s.getError() != null);
        assertThat(held.getStatus().getError())
                .isEqualTo("Velero Restore dr-1 of ManagementRestore dr is InProgress: new backups wait until it has ended");
        awaitStatus("pruned", s -> s.getLastBackupName() != null);
        await().during(Duration.ofMillis(300)).until(() -> backups().stream().noneMatch(b -> "during".equals(b.getMetadata().getName()))
                && deleteRequests().isEmpty());

        velero.complete("dr-1", 78);

        awaitBackup("during");
        await().until(() -> deleteRequests().size() == 1);
        assertThat(deleteRequests().get(0).getSpec().getBackupName()).isEqualTo(name("pruned", t1));
        awaitStatus("during", s -> s.getError() == null);
    }

    // --- helpers ---

    static String name(String mb, Instant slot) {
        return mb + "-" + ManagementBackup.SLOT_FORMAT.format(slot);
    }

    Backup scheduledBackup(String mb, Instant slot, String phase) {
        return velero.backup(name(mb, slot), mb, slot.toString(), List.of(), phase, slot.plusSeconds(20).toString());
    }

    static ManagementBackup scheduled(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule(schedule);
        mb.setSpec(spec);
        return mb;
    }

    /** Suspended, so only retention acts (old slots would otherwise be caught up at once). */
    static ManagementBackup keepLast(ManagementBackup mb, int keepLast, boolean dryRun) {
        RetentionSpec retention = new RetentionSpec();
        retention.setKeepLast(keepLast);
        retention.setDryRun(dryRun ? true : null);
        mb.getSpec().setRetention(retention);
        mb.getSpec().setSuspend(true);
        return mb;
    }

    ManagementBackup awaitStatus(String name, Predicate<ManagementBackupStatus> condition) {
        return await().until(() -> client.resources(ManagementBackup.class).withName(name).get(),
                m -> m != null && m.getStatus() != null && condition.test(m.getStatus()));
    }

    Backup awaitBackup(String name) {
        return await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
    }

    List<Backup> backups() {
        return client.resources(Backup.class).inNamespace(NS).list().getItems();
    }

    List<DeleteBackupRequest> deleteRequests() {
        return client.resources(DeleteBackupRequest.class).inNamespace(NS).list().getItems();
    }

    List<String> eventReasons(String name) {
        return Events.reasons(client, name);
    }
}
