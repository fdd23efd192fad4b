package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.RestoreStatus;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Scrape;
import io.k0rdent.backup.test.Seeds;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroDeletions;
import io.k0rdent.backup.test.VeleroSimulator;
import io.k0rdent.backup.upgrade.UpgradeStats;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The whole upgrade flow on the mock API server: kcm's Management changes release, Velero is played by hand. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class UpgradeWatchControllerTest {

    static final String NS = "kcm-system";
    /** The seed's pre-upgrade backup: {@code example-backup} before upgrading away from {@code kcm-0-2-0}. */
    static final String PRE = "example-backup-kcm-0-2-0";

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    Wakeups wakeups;
    @Inject
    UpgradeStats stats;

    VeleroSimulator velero;
    VeleroDeletions deletions;
    KcmFixture kcm;

    @BeforeEach
    void setUp() {
        clock.reset();
        velero = new VeleroSimulator(client, NS);
        deletions = new VeleroDeletions(client, NS);
        kcm = new KcmFixture(client);
        velero.storageLocation("aws-s3", true, "Available");
    }

    @AfterEach
    void cleanUp() {
        kcm.deleteAll();
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        deletions.deleteAll();
        client.resources(Restore.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        Events.deleteAll(client, NS);
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
    }

    @Test
    void seedTakesItsPreUpgradeBackupWhenTheReleaseChangesAndFollowsVeleroToSucceeded() {
        double succeededBefore = Scrape.now().sum("kcm_backup_pre_upgrade_backups_finished_total", "outcome", "Succeeded");
        applySeed("upgrade-backup.yaml");
        kcm.management("kcm", "kcm-0-2-0", "kcm-0-2-0");
        await().until(() -> mb("example-backup"), m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);
        await().during(Duration.ofMillis(300)).until(() -> preUpgradeBackups().isEmpty());

        kcm.wantRelease("kcm", "kcm-0-3-0");

        ManagementBackup pre = await().until(() -> mb(PRE), Objects::nonNull);
        assertThat(pre.getMetadata().getLabels()).containsEntry(Labels.RELEASE_BACKUP, "kcm-0-2-0");
        assertThat(pre.getSpec().getSchedule()).isNull();
        assertThat(pre.getSpec().getStorageLocation()).isNull();
        Backup backup = awaitBackup(PRE);
        assertThat(backup.getMetadata().getLabels()).containsEntry(Labels.MANAGEMENT_BACKUP, PRE)
                .containsEntry(Labels.RELEASE_BACKUP, "kcm-0-2-0");
        assertThat(backup.getMetadata().getAnnotations()).containsEntry(Labels.UPGRADE_BACKUP_ATTEMPT_ANNOTATION, "1");
        assertThat(backup.getSpec().getIncludedNamespaces()).containsExactly("*");
        UpgradeBackupStatus starting = awaitState(PRE, UpgradeBackupState.STARTING);
        assertThat(starting.getRelease()).isEqualTo("kcm-0-2-0");
        assertThat(starting.getAttempt()).isEqualTo(1);
        assertThat(starting.getDeadline()).isEqualTo(clock.instant().plus(Duration.ofHours(1)).toString());

        velero.phase(PRE, "InProgress");
        awaitState(PRE, UpgradeBackupState.ACTIVE);
        velero.complete(PRE, 78);
        UpgradeBackupStatus succeeded = awaitState(PRE, UpgradeBackupState.SUCCEEDED);
        assertThat(succeeded.getMessage()).isEqualTo("Velero backup " + PRE + " completed");

        ManagementBackup done = mb(PRE);
        assertThat(done.getStatus().getLastBackup().getPhase()).isEqualTo("Completed");
        assertThat(done.getStatus().getLastBackupName()).isEqualTo(PRE);
        assertThat(done.getStatus().getError()).isNull();
        assertThat(condition(done, "UpgradeBackupSucceeded").getStatus()).isEqualTo("True");
        await().until(() -> eventReasons(PRE).contains("UpgradeBackupSucceeded"));
        assertThat(kcm.managementEventReasons("kcm")).containsExactly("PreUpgradeBackupCreated");
        assertThat(kcm.managementEvents("kcm", "PreUpgradeBackupCreated").get(0).getMessage())
                .isEqualTo("Created ManagementBackup " + PRE + " to back up release kcm-0-2-0 before the upgrade to kcm-0-3-0");
        assertThat(preUpgradeBackups()).extracting(m -> m.getMetadata().getName()).containsExactly(PRE);
        assertThat(backups()).extracting(b -> b.getMetadata().getName()).containsExactly(PRE);
        assertThat(stats.backupsByState()).containsEntry(UpgradeBackupState.SUCCEEDED, 1L);
        assertThat(Scrape.now().sum("kcm_backup_pre_upgrade_backups_finished_total", "outcome", "Succeeded"))
                .isEqualTo(succeededBefore + 1);
    }

    @Test
    void failedValidationEndsInErrorInsteadOfHanging() {
        applySeed("upgrade-backup.yaml");
        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");
        awaitBackup(PRE);

        // Velero rejects the backup and never sets a completion time: kcm would wait for it forever
        velero.setStatus(PRE, s -> {
            s.setPhase("FailedValidation");
            s.setValidationErrors(List.of("an existing backup storage location wasn't specified at backup creation time"));
        });

        UpgradeBackupStatus error = awaitState(PRE, UpgradeBackupState.ERROR);
        assertThat(error.getMessage()).startsWith("Velero backup " + PRE + " ended FailedValidation: an existing backup storage "
                + "location wasn't specified at backup creation time; to retry, annotate");
        ManagementBackup failed = mb(PRE);
        assertThat(failed.getStatus().getError()).contains("FailedValidation");
        assertThat(condition(failed, "UpgradeBackupSucceeded").getReason()).isEqualTo("Error");
        assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
        await().until(() -> eventReasons(PRE).contains("UpgradeBackupFailed"));
    }

    @Test
    void aFailedBackupIsRetriedByAnnotationAfterItsLeftoverIsDeleted() {
        applySeed("upgrade-backup.yaml");
        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");
        awaitBackup(PRE);
        velero.setStatus(PRE, s -> {
            s.setPhase("PartiallyFailed");
            s.setErrors(3);
        });
        awaitState(PRE, UpgradeBackupState.ERROR);

        retry(PRE, "1");

        UpgradeBackupStatus preparing = awaitState(PRE, UpgradeBackupState.PREPARING_TO_START);
        assertThat(preparing.getAttempt()).isEqualTo(2);
        assertThat(preparing.getHandledRetry()).isEqualTo("1");
        DeleteBackupRequest request = await().until(() -> deletions.requests(), r -> r.size() == 1).get(0);
        assertThat(request.getMetadata().getName()).isEqualTo(PRE + "-cleanup-2");
        assertThat(request.getSpec().getBackupName()).isEqualTo(PRE);
        assertThat(request.getMetadata().getNamespace()).isEqualTo(NS);
        // the old Backup stays until Velero has deleted it, and nothing new is created meanwhile
        assertThat(backups()).hasSize(1);
        assertThat(mb(PRE).getStatus().getLastBackupName()).isNull();

        assertThat(deletions.process()).isEqualTo(1);

        Backup fresh = await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(PRE).get(),
                b -> b != null && "2".equals(b.getMetadata().getAnnotations().get(Labels.UPGRADE_BACKUP_ATTEMPT_ANNOTATION)));
        assertThat(fresh.getStatus()).isNull();
        awaitState(PRE, UpgradeBackupState.STARTING);
        velero.complete(PRE, 80);
        UpgradeBackupStatus succeeded = awaitState(PRE, UpgradeBackupState.SUCCEEDED);
        assertThat(succeeded.getAttempt()).isEqualTo(2);
        assertThat(mb(PRE).getStatus().getError()).isNull();
        assertThat(deletions.requests()).hasSize(1);
        await().until(() -> eventReasons(PRE).containsAll(List.of("UpgradeBackupFailed", "UpgradeBackupRetry",
                "UpgradeBackupCleanup", "UpgradeBackupSucceeded")));
        assertThat(stats.retries()).isPositive();
    }

    @Test
    void aBackupVeleroNeverAnswersTimesOutAndCanBeRetried() {
        applySeed("upgrade-backup.yaml");
        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");
        awaitBackup(PRE);
        awaitState(PRE, UpgradeBackupState.STARTING);

        clock.step(Duration.ofMinutes(59));
        wakeups.wake(PRE);
        await().during(Duration.ofMillis(300)).until(() -> state(PRE) == UpgradeBackupState.STARTING);

        clock.step(Duration.ofMinutes(1));
        wakeups.wake(PRE);
        UpgradeBackupStatus timedOut = awaitState(PRE, UpgradeBackupState.TIMEOUT);
        assertThat(timedOut.getMessage()).startsWith("no result within 1h: ");
        ManagementBackup stuck = mb(PRE);
        assertThat(stuck.getStatus().getError()).isEqualTo(timedOut.getMessage());
        assertThat(condition(stuck, "Ready").getReason()).isEqualTo("UpgradeBackupTimeout");
        await().until(() -> eventReasons(PRE).contains("UpgradeBackupTimeout"));

        // Velero refuses to delete a backup that is still in progress; the reason reaches the status
        velero.phase(PRE, "InProgress");
        // (the mock server does not reject a status write computed before a concurrent change, as a real one does with a
        // conflict, so the annotation waits for the mirrored phase)
        await().until(() -> mb(PRE), m -> m.getStatus().getLastBackup() != null
                && "InProgress".equals(m.getStatus().getLastBackup().getPhase()));
        retry(PRE, "after-timeout");
        await().until(() -> deletions.requests().size() == 1);
        deletions.refuse("backup is still in progress");
        await().until(() -> {
            wakeups.wake(PRE);
            return mb(PRE).getStatus().getUpgradeBackup().getMessage().contains("Velero could not delete it: backup is still "
                    + "in progress");
        });
        assertThat(state(PRE)).isEqualTo(UpgradeBackupState.PREPARING_TO_START);

        // once Velero lets go of it, the leftover goes and attempt 2 starts
        client.resources(Backup.class).inNamespace(NS).withName(PRE).delete();
        Backup fresh = await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(PRE).get(),
                b -> b != null && "2".equals(b.getMetadata().getAnnotations().get(Labels.UPGRADE_BACKUP_ATTEMPT_ANNOTATION)));
        assertThat(fresh).isNotNull();
        UpgradeBackupStatus second = awaitState(PRE, UpgradeBackupState.STARTING);
        assertThat(second.getAttempt()).isEqualTo(2);
        assertThat(second.getDeadline()).isEqualTo(clock.instant().plus(Duration.ofHours(1)).toString());
    }

    @Test
    void aRetryWaitsWhileARestoreRunsAndDeletesNothingMeanwhile() {
        applySeed("upgrade-backup.yaml");
        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");
        awaitBackup(PRE);
        velero.phase(PRE, "Failed");
        awaitState(PRE, UpgradeBackupState.ERROR);
        Restore restore = new Restore();
        restore.getMetadata().setName("rollback-1");
        restore.getMetadata().setNamespace(NS);
        restore.getMetadata().setLabels(Map.of(Labels.MANAGEMENT_RESTORE, "rollback"));
        client.resource(restore).create();

        retry(PRE, "during-restore");

        await().until(() -> mb(PRE).getStatus().getUpgradeBackup(), u -> u.getAttempt() == 2
                && u.getMessage().equals("waiting to start: Velero Restore rollback-1 is New: new backups wait until it has ended"));
        await().during(Duration.ofMillis(300)).until(() -> deletions.requests().isEmpty());

        client.resources(Restore.class).inNamespace(NS).withName("rollback-1").edit(r -> {
            r.setStatus(new RestoreStatus());
            r.getStatus().setPhase("Completed");
            return r;
        });
        await().until(() -> deletions.requests().size() == 1);
        deletions.process();
        awaitState(PRE, UpgradeBackupState.STARTING);
    }

    @Test
    void everyFlaggedScheduledBackupGetsOneAndNoOtherDoes() {
        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");
        ManagementBackup a = scheduled("a", true);
        a.getSpec().setStorageLocation("aws-s3");
        create(a);
        create(scheduled("b", true));
        create(scheduled("unflagged", false));
        ManagementBackup onDemand = scheduled("on-demand", true);
        onDemand.getSpec().setSchedule(null);
        create(onDemand);

        await().until(() -> preUpgradeBackups().size() == 2);
        await().during(Duration.ofMillis(500)).until(() -> preUpgradeBackups().size() == 2);
        assertThat(preUpgradeBackups()).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder("a-kcm-0-2-0", "b-kcm-0-2-0");
        assertThat(mb("a-kcm-0-2-0").getSpec().getStorageLocation()).isEqualTo("aws-s3");
        assertThat(awaitBackup("a-kcm-0-2-0").getSpec().getStorageLocation()).isEqualTo("aws-s3");
        awaitBackup("b-kcm-0-2-0");
        await().until(() -> kcm.managementEvents("kcm", "PreUpgradeBackupCreated").size() == 2);
    }

    @Test
    void aFreshManagementWithNothingInstalledGetsNone() {
        applySeed("upgrade-backup.yaml");
        kcm.management("kcm", "kcm-0-2-0", null);
        await().until(() -> mb("example-backup"), m -> m.getStatus() != null);
        await().during(Duration.ofMillis(500)).until(() -> preUpgradeBackups().isEmpty());

        kcm.installed("kcm", "kcm-0-2-0");
        await().during(Duration.ofMillis(500)).until(() -> preUpgradeBackups().isEmpty());
        assertThat(kcm.managementEventReasons("kcm")).isEmpty();
    }

    @Test
    void aPreUpgradeBackupCreatedFirstByKcmIsAdoptedNotDuplicated() {
        ManagementBackup kcmMade = new ManagementBackup();
        kcmMade.getMetadata().setName(PRE);
        kcmMade.getMetadata().setLabels(Map.of(Labels.RELEASE_BACKUP, "kcm-0-2-0"));
        create(kcmMade);
        applySeed("upgrade-backup.yaml");

        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");

        awaitBackup(PRE);
        awaitState(PRE, UpgradeBackupState.STARTING);
        wakeups.wake("example-backup");
        await().during(Duration.ofMillis(500)).until(() -> preUpgradeBackups().size() == 1);
        assertThat(kcm.managementEventReasons("kcm")).doesNotContain("PreUpgradeBackupCreated");
        assertThat(backups()).hasSize(1);
    }

    @Test
    void aNewUpgradeFromTheNextReleaseTakesANewBackup() {
        applySeed("upgrade-backup.yaml");
        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");
        awaitBackup(PRE);
        velero.complete(PRE, 10);
        awaitState(PRE, UpgradeBackupState.SUCCEEDED);

        kcm.installed("kcm", "kcm-0-3-0");
        await().during(Duration.ofMillis(300)).until(() -> preUpgradeBackups().size() == 1);
        kcm.wantRelease("kcm", "kcm-0-4-0");

        awaitBackup("example-backup-kcm-0-3-0");
        assertThat(mb("example-backup-kcm-0-3-0").getMetadata().getLabels()).containsEntry(Labels.RELEASE_BACKUP, "kcm-0-3-0");
        assertThat(preUpgradeBackups()).hasSize(2);
    }

    // --- helpers ---

    void retry(String name, String value) {
        client.resources(ManagementBackup.class).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + Labels.RETRY_UPGRADE_BACKUP_ANNOTATION + "\":\"" + value + "\"}}}");
    }

    UpgradeBackupState state(String name) {
        ManagementBackup mb = mb(name);
        return mb == null || mb.getStatus() == null || mb.getStatus().getUpgradeBackup() == null ? null
                : mb.getStatus().getUpgradeBackup().getState();
    }

    UpgradeBackupStatus awaitState(String name, UpgradeBackupState state) {
        return await().until(() -> mb(name), m -> m != null && m.getStatus() != null && m.getStatus().getUpgradeBackup() != null
                && m.getStatus().getUpgradeBackup().getState() == state).getStatus().getUpgradeBackup();
    }

    List<ManagementBackup> preUpgradeBackups() {
        return client.resources(ManagementBackup.class).withLabel(Labels.RELEASE_BACKUP).list().getItems();
    }

    static ManagementBackup scheduled(String name, boolean flagged) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("0 */6 * * *");
        spec.setPerformOnManagementUpgrade(flagged);
        mb.setSpec(spec);
        return mb;
    }

    void create(ManagementBackup mb) {
        client.resource(mb).create();
    }

    void applySeed(String file) {
        Seeds.apply(client, file);
    }

    ManagementBackup mb(String name) {
        return client.resources(ManagementBackup.class).withName(name).get();
    }

    List<Backup> backups() {
        return client.resources(Backup.class).inNamespace(NS).list().getItems();
    }

    Backup awaitBackup(String name) {
        return await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
    }

    static Condition condition(ManagementBackup mb, String type) {
        return mb.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    List<String> eventReasons(String name) {
        return Events.reasons(client, name);
    }
}
