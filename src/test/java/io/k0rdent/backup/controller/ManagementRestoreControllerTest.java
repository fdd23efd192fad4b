package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.RestoreSimulator;
import io.k0rdent.backup.test.Seeds;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class ManagementRestoreControllerTest {

    static final String NS = "kcm-system";
    static final String SCHEDULED = "kcm-20250117180012";

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
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        client.configMaps().inNamespace(NS).withLabel(Labels.MANAGEMENT_RESTORE).delete();
        await().until(() -> client.resources(ManagementRestore.class).list().getItems().isEmpty()
                && client.resources(Restore.class).inNamespace(NS).list().getItems().isEmpty());
    }

    @Test
    void restoreByNameCreatesTheDocumentedVeleroRestore() {
        velero.backup(SCHEDULED, "kcm", "2025-01-17T18:00:12Z", List.of("infrastructure-aws"), "Completed",
                "2025-01-17T18:00:18Z");

        create(byName("dr", SCHEDULED));

        Restore restore = awaitRestore("dr-1");
        assertThat(Seeds.tree(restore.getSpec())).isEqualTo(Seeds.restoreSpec(SCHEDULED));
        assertThat(restore.getMetadata().getNamespace()).isEqualTo(NS);
        ManagementRestore mr = awaitStatus("dr", s -> s.getPhase() == RestorePhase.InProgress);
        assertThat(mr.getStatus().getBackupName()).isEqualTo(SCHEDULED);
        assertThat(mr.getStatus().getRestoreName()).isEqualTo("dr-1");
        assertThat(mr.getStatus().getAttempt()).isEqualTo(1);
        assertThat(Seeds.documents(mr.getStatus().getPlan())).singleElement()
                .satisfies(d -> assertThat(d.get("spec")).isEqualTo(Seeds.restoreSpec(SCHEDULED)));
        assertThat(condition(mr, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(mr, "Ready").getReason()).isEqualTo("InProgress");

        velero.progress("dr-1", 40, 78);
        mr = awaitStatus("dr", s -> s.getRestore() != null && s.getRestore().getProgress() != null
                && Integer.valueOf(40).equals(s.getRestore().getProgress().getItemsRestored()));
        assertThat(mr.getStatus().getMessage()).endsWith("is InProgress, 40/78 items");

        velero.complete("dr-1", 78);
        mr = awaitStatus("dr", s -> s.getPhase() == RestorePhase.Completed);
        assertThat(mr.getStatus().getRestore().getCompletionTimestamp()).isEqualTo("2025-01-20T10:01:00Z");
        assertThat(mr.getStatus().getRestore().getProgress().getItemsRestored()).isEqualTo(78);
        assertThat(condition(mr, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(mr, "Complete").getStatus()).isEqualTo("True");
        assertThat(condition(mr, "Failed").getStatus()).isEqualTo("False");
        assertThat(mr.getStatus().getError()).isNull();
        await().until(() -> eventReasons("dr").containsAll(List.of("RestoreCreated", "RestoreCompleted")));
        assertThat(restores()).extracting(r -> r.getMetadata().getName()).containsExactly("dr-1");
    }

    @Test
    void azureAndVsphereBackupsGetTheirDocumentedCaveats() {
        velero.backup("azure-20250117180000", "azure", "2025-01-17T18:00:00Z",
                List.of("bootstrap-k0sproject-k0smotron", "infrastructure-azure"), "Completed", "2025-01-17T18:00:18Z");
        velero.backup("vsphere-20250117180000", "vsphere", "2025-01-17T18:00:00Z", List.of("infrastructure-vsphere"),
                "Completed", "2025-01-17T18:00:18Z");
        velero.backup("both-20250117180000", "both", "2025-01-17T18:00:00Z",
                List.of("infrastructure-azure", "infrastructure-vsphere"), "Completed", "2025-01-17T18:00:18Z");

        create(byName("to-azure", "azure-20250117180000"));
        create(byName("to-vsphere", "vsphere-20250117180000"));
        create(byName("to-both", "both-20250117180000"));

        assertThat(Seeds.tree(awaitRestore("to-azure-1").getSpec()))
                .isEqualTo(Seeds.restoreSpecWithCaveats("azure-20250117180000", "restore-azure.yaml"));
        assertThat(Seeds.tree(awaitRestore("to-vsphere-1").getSpec()))
                .isEqualTo(Seeds.restoreSpecWithCaveats("vsphere-20250117180000", "restore-vsphere.yaml"));
        assertThat(Seeds.tree(awaitRestore("to-both-1").getSpec()))
                .isEqualTo(Seeds.restoreSpecWithCaveats("both-20250117180000", "restore-azure.yaml", "restore-vsphere.yaml"));
    }

    @Test
    void userExclusionsAreAddedAfterTheDocumentedOnes() {
        velero.backup(SCHEDULED, "kcm", "2025-01-17T18:00:12Z", List.of(), "Completed", "2025-01-17T18:00:18Z");
        ManagementRestore mr = byName("picky", SCHEDULED);
        mr.getSpec().setExcludedResources(List.of("secrets", "clusterdeployments.k0rdent.mirantis.com"));

        create(mr);

        JsonNode expected = Seeds.restoreSpec(SCHEDULED);
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("excludedResources"))
                .add("clusterdeployments.k0rdent.mirantis.com").add("secrets");
        assertThat(Seeds.tree(awaitRestore("picky-1").getSpec())).isEqualTo(expected);
    }

    @Test
    void restoreFromAManagementBackupTakesItsLatestCompletedBackup() {
        velero.backup("kcm-20250117060000", "kcm", "2025-01-17T06:00:00Z", List.of(), "Completed", "2025-01-17T06:00:20Z");
        velero.backup("kcm-20250117120000", "kcm", "2025-01-17T12:00:00Z", List.of(), "Completed", "2025-01-17T12:00:20Z");
        velero.backup("kcm-20250117180000", "kcm", "2025-01-17T18:00:00Z", List.of(), "PartiallyFailed", "2025-01-17T18:00:20Z");
        velero.backup("other-20250118000000", "other", "2025-01-18T00:00:00Z", List.of(), "Completed", "2025-01-18T00:00:20Z");
        velero.backup("kcm-20250118000000", null, null, List.of(), "Completed", "2025-01-18T00:00:20Z");

        create(latest("latest", "kcm"));

        Restore restore = awaitRestore("latest-1");
        assertThat(restore.getSpec().getBackupName()).isEqualTo("kcm-20250117120000");
        assertThat(awaitStatus("latest", s -> s.getPhase() == RestorePhase.InProgress).getStatus().getBackupName())
                .isEqualTo("kcm-20250117120000");
    }

    @Test
    void rollbackCreatesTheDocumentedModifierAndRemovesItWhenDone() {
        velero.backup("kcm-kcm-0-2-0", "kcm-kcm-0-2-0", null, List.of(), "Completed", "2025-01-17T18:00:18Z");
        ManagementRestore mr = byName("rollback", "kcm-kcm-0-2-0");
        mr.getSpec().setRollbackToRelease("kcm-0-2-0");

        create(mr);

        Restore restore = awaitRestore("rollback-1");
        String configMapName = "rollback-1-patch-mgmt-spec-release";
        ConfigMap cm = client.configMaps().inNamespace(NS).withName(configMapName).get();
        assertThat(cm).isNotNull();
        assertThat(cm.getData()).containsExactly(Map.entry("patch-mgmt-spec-release", Seeds.rollbackRules("kcm-0-2-0")));
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("rollback"));
        JsonNode documented = Seeds.rollbackRestoreSpec("kcm-kcm-0-2-0");
        JsonNode actual = Seeds.tree(restore.getSpec());
        assertThat(actual.get("resourceModifier").get("kind")).isEqualTo(documented.get("resourceModifier").get("kind"));
        assertThat(actual.get("resourceModifier").get("name").asText()).isEqualTo(configMapName);
        for (String field : List.of("backupName", "existingResourcePolicy", "includedNamespaces")) {
            assertThat(actual.get(field)).as(field).isEqualTo(documented.get(field));
        }
        assertThat(awaitStatus("rollback", s -> configMapName.equals(s.getResourceModifier())).getStatus().getMessage())
                .contains("with Management spec.release set to kcm-0-2-0");

        velero.complete("rollback-1", 78);

        await().until(() -> client.configMaps().inNamespace(NS).withName(configMapName).get() == null);
        ManagementRestore done = awaitStatus("rollback", s -> s.getPhase() == RestorePhase.Completed
                && s.getResourceModifier() == null);
        assertThat(done.getStatus().getPlan()).contains(configMapName);
        await().until(() -> eventReasons("rollback").contains("ResourceModifierDeleted"));
    }

    @Test
    void aFailedRollbackAlsoRemovesItsModifier() {
        velero.backup(SCHEDULED, "kcm", "2025-01-17T18:00:12Z", List.of(), "Completed", "2025-01-17T18:00:18Z");
        ManagementRestore mr = byName("bad-rollback", SCHEDULED);
        mr.getSpec().setRollbackToRelease("kcm-0-1-0");
        create(mr);
        awaitRestore("bad-rollback-1");

        velero.setStatus("bad-rollback-1", s -> {
            s.setPhase("FailedValidation");
            s.setValidationErrors(List.of("error to get resource modifier configmap"));
        });

        await().until(() -> client.configMaps().inNamespace(NS).withLabel(Labels.MANAGEMENT_RESTORE).list().getItems().isEmpty());
        ManagementRestore failed = awaitStatus("bad-rollback", s -> s.getPhase() == RestorePhase.Failed);
        assertThat(failed.getStatus().getError())
                .isEqualTo("Velero Restore bad-rollback-1 ended FailedValidation: error to get resource modifier configmap");
    }

    @Test
    void dryRunOnlyWritesThePlanUntilItIsTurnedOff() {
        velero.backup(SCHEDULED, "kcm", "2025-01-17T18:00:12Z", List.of("infrastructure-azure"), "Completed",
                "2025-01-17T18:00:18Z");
        ManagementRestore mr = byName("look", SCHEDULED);
        mr.getSpec().setRollbackToRelease("kcm-0-2-0");
        mr.getSpec().setDryRun(true);

        create(mr);

        ManagementRestore planned = awaitStatus("look", s -> s.getPhase() == RestorePhase.Planned);
        List<JsonNode> plan = Seeds.documents(planned.getStatus().getPlan());
        assertThat(plan).extracting(d -> d.get("kind").asText()).containsExactly("ConfigMap", "Restore");
        assertThat(plan.get(0).get("data").get("patch-mgmt-spec-release").asText()).isEqualTo(Seeds.rollbackRules("kcm-0-2-0"));
        assertThat(plan.get(1).get("metadata").get("name").asText()).isEqualTo("look-1");
        assertThat(plan.get(1).get("spec").get("excludedResources")).contains(
                Seeds.restoreSpecWithCaveats(SCHEDULED, "restore-azure.yaml").get("excludedResources").get(12));
        assertThat(condition(planned, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(planned, "Ready").getReason()).isEqualTo("Planned");
        await().until(() -> eventReasons("look").contains("RestorePlanned"));
        await().during(Duration.ofMillis(300)).until(() -> restores().isEmpty()
                && client.configMaps().inNamespace(NS).withLabel(Labels.MANAGEMENT_RESTORE).list().getItems().isEmpty());

        client.resources(ManagementRestore.class).withName("look").edit(m -> {
            m.getSpec().setDryRun(false);
            return m;
        });

        Restore restore = awaitRestore("look-1");
        assertThat(Seeds.tree(restore)).isEqualTo(tree(plan.get(1), restore));
        assertThat(client.configMaps().inNamespace(NS).withName("look-1-patch-mgmt-spec-release").get()).isNotNull();
    }

    @Test
    void aFailedRestoreIsRestartedAsANewAttemptKeepingTheOldOne() {
        velero.backup("kcm-20250117060000", "kcm", "2025-01-17T06:00:00Z", List.of(), "Completed", "2025-01-17T06:00:20Z");
        create(latest("again", "kcm"));
        awaitRestore("again-1");

        annotateRestart("again", "too-early");
        await().until(() -> eventReasons("again").contains("RestartRejected"));
        assertThat(awaitStatus("again", s -> "too-early".equals(s.getRestartToken())).getStatus().getMessage())
                .contains("still New");

        // a newer backup appears meanwhile: the restart must restore what the first attempt restored
        velero.backup("kcm-20250117120000", "kcm", "2025-01-17T12:00:00Z", List.of(), "Completed", "2025-01-17T12:00:20Z");
        velero.fail("again-1", "found a backup with status \"InProgress\"");
        ManagementRestore failed = awaitStatus("again", s -> s.getPhase() == RestorePhase.Failed);
        assertThat(failed.getStatus().getError()).isEqualTo("Velero Restore again-1 ended Failed: found a backup with status \"InProgress\"");
        assertThat(condition(failed, "Failed").getStatus()).isEqualTo("True");
        assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
        await().until(() -> eventReasons("again").contains("RestoreFailed"));
        // a failure is final until the user asks: no new attempt on its own
        wakeups.wake("again");
        await().during(Duration.ofMillis(300)).until(() -> restores().size() == 1);

        annotateRestart("again", "2");

        Restore second = awaitRestore("again-2");
        assertThat(second.getSpec().getBackupName()).isEqualTo("kcm-20250117060000");
        ManagementRestore restarted = awaitStatus("again", s -> s.getAttempt() != null && s.getAttempt() == 2);
        assertThat(restarted.getStatus().getPhase()).isEqualTo(RestorePhase.InProgress);
        assertThat(restarted.getStatus().getRestoreName()).isEqualTo("again-2");
        assertThat(restarted.getStatus().getRestartToken()).isEqualTo("2");
        assertThat(restarted.getStatus().getError()).isNull();
        assertThat(condition(restarted, "Failed").getStatus()).isEqualTo("False");
        assertThat(restores()).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder("again-1", "again-2");
        await().until(() -> eventReasons("again").contains("RestoreRestarted"));

        velero.complete("again-2", 78);
        awaitStatus("again", s -> s.getPhase() == RestorePhase.Completed);
        wakeups.wake("again");
        await().during(Duration.ofMillis(300)).until(() -> restores().size() == 2);
    }

    @Test
    void aMissingBackupIsReportedAndTheRestoreStartsWhenItAppears() {
        create(latest("waiting", "kcm"));

        ManagementRestore pending = awaitStatus("waiting", s -> s.getPhase() == RestorePhase.Pending && s.getError() != null);
        assertThat(pending.getStatus().getError())
                .isEqualTo("ManagementBackup kcm has no Completed Velero Backup in namespace kcm-system (none found)");
        assertThat(condition(pending, "Ready").getReason()).isEqualTo("NoCompletedBackup");
        assertThat(pending.getStatus().getMessage()).startsWith("waiting: ");
        await().until(() -> eventReasons("waiting").contains("NoCompletedBackup"));
        // the same problem seen again is not news: no event storm while waiting
        for (int i = 0; i < 3; i++) {
            wakeups.wake("waiting");
        }
        await().during(Duration.ofMillis(300)).until(() -> count(eventReasons("waiting"), "NoCompletedBackup") == 1);

        // Velero lists it from storage, still running
        velero.backup("kcm-20250117180000", "kcm", "2025-01-17T18:00:00Z", List.of(), "InProgress", null);
        pending = awaitStatus("waiting", s -> s.getError() != null && s.getError().contains("none Completed"));
        assertThat(restores()).isEmpty();

        client.resources(Backup.class).inNamespace(NS).withName("kcm-20250117180000").edit(b -> {
            b.getStatus().setPhase("Completed");
            b.getStatus().setCompletionTimestamp("2025-01-17T18:00:20Z");
            return b;
        });

        awaitRestore("waiting-1");
        ManagementRestore started = awaitStatus("waiting", s -> s.getPhase() == RestorePhase.InProgress);
        assertThat(started.getStatus().getError()).isNull();
        // one event per distinct problem: none found, then found but not completed
        await().until(() -> count(eventReasons("waiting"), "NoCompletedBackup") == 2);
    }

    @Test
    void aBackupThatIsNotCompletedIsNotRestored() {
        velero.backup("manual", null, null, null, "PartiallyFailed", "2025-01-17T18:00:20Z");

        create(byName("partial", "manual"));

        ManagementRestore pending = awaitStatus("partial", s -> s.getError() != null);
        assertThat(pending.getStatus().getError())
                .isEqualTo("Velero Backup manual ended PartiallyFailed; only Completed backups are restored");
        assertThat(condition(pending, "Ready").getReason()).isEqualTo("BackupNotCompleted");
        await().during(Duration.ofMillis(300)).until(() -> restores().isEmpty());
    }

    @Test
    void aBackupMadeByHandIsRestoredWithoutCaveatsAndAWarning() {
        velero.backup("manual", null, null, null, "Completed", "2025-01-17T18:00:20Z");

        create(byName("by-hand", "manual"));

        assertThat(Seeds.tree(awaitRestore("by-hand-1").getSpec())).isEqualTo(Seeds.restoreSpec("manual"));
        await().until(() -> eventReasons("by-hand").contains("ProvidersUnknown"));
    }

    @Test
    void aRestoreNameTakenByAnotherObjectIsReportedNotAdopted() {
        velero.backup(SCHEDULED, "kcm", "2025-01-17T18:00:12Z", List.of(), "Completed", "2025-01-17T18:00:18Z");
        Restore foreign = new Restore();
        foreign.getMetadata().setName("taken-1");
        foreign.getMetadata().setNamespace(NS);
        client.resources(Restore.class).inNamespace(NS).resource(foreign).create();

        create(byName("taken", SCHEDULED));

        ManagementRestore pending = awaitStatus("taken", s -> s.getError() != null);
        assertThat(pending.getStatus().getError()).contains("a Velero Restore named taken-1 already exists")
                .contains("not created by this ManagementRestore");
        assertThat(pending.getStatus().getPhase()).isEqualTo(RestorePhase.Pending);
        assertThat(pending.getStatus().getAttempt()).isNull();
    }

    @Test
    void aVeleroRestoreDeletedWhileRunningFailsTheAttempt() {
        velero.backup(SCHEDULED, "kcm", "2025-01-17T18:00:12Z", List.of(), "Completed", "2025-01-17T18:00:18Z");
        create(byName("gone", SCHEDULED));
        awaitRestore("gone-1");
        awaitStatus("gone", s -> s.getPhase() == RestorePhase.InProgress);

        client.resources(Restore.class).inNamespace(NS).withName("gone-1").delete();

        ManagementRestore failed = awaitStatus("gone", s -> s.getPhase() == RestorePhase.Failed);
        assertThat(failed.getStatus().getError()).isEqualTo("Velero Restore gone-1 was deleted before it ended");
        assertThat(restores()).isEmpty();
    }

    // --- helpers ---

    static ManagementRestore byName(String name, String backup) {
        ManagementRestore mr = new ManagementRestore();
        mr.getMetadata().setName(name);
        ManagementRestoreSpec spec = new ManagementRestoreSpec();
        spec.setBackupName(backup);
        mr.setSpec(spec);
        return mr;
    }

    static ManagementRestore latest(String name, String managementBackup) {
        ManagementRestore mr = byName(name, null);
        mr.getSpec().setFromManagementBackup(managementBackup);
        return mr;
    }

    void create(ManagementRestore mr) {
        client.resource(mr).create();
    }

    void annotateRestart(String name, String token) {
        client.resources(ManagementRestore.class).withName(name).edit(m -> {
            m.getMetadata().getAnnotations().put(Labels.RESTART_ANNOTATION, token);
            return m;
        });
    }

    ManagementRestore awaitStatus(String name, Predicate<io.k0rdent.backup.api.ManagementRestoreStatus> condition) {
        return await().until(() -> client.resources(ManagementRestore.class).withName(name).get(),
                m -> m != null && m.getStatus() != null && condition.test(m.getStatus()));
    }

    Restore awaitRestore(String name) {
        return await().until(() -> client.resources(Restore.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
    }

    List<Restore> restores() {
        return client.resources(Restore.class).inNamespace(NS).list().getItems();
    }

    /** The planned object with the server-set metadata of the created one, to compare the rest field by field. */
    static JsonNode tree(JsonNode planned, Restore created) {
        com.fasterxml.jackson.databind.node.ObjectNode expected = planned.deepCopy();
        expected.set("metadata", Seeds.tree(created.getMetadata()));
        if (created.getStatus() != null) {
            expected.set("status", Seeds.tree(created.getStatus()));
        }
        return expected;
    }

    static Condition condition(ManagementRestore mr, String type) {
        return mr.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    static long count(List<String> reasons, String reason) {
        return reasons.stream().filter(reason::equals).count();
    }

    List<String> eventReasons(String name) {
        return Events.reasons(client, name);
    }
}
