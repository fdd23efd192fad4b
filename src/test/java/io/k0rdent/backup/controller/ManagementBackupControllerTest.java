package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.kcm.KcmInventory;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Seeds;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class ManagementBackupControllerTest {

    static final String NS = "kcm-system";

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    Wakeups wakeups;
    @Inject
    KcmInventory inventory;

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
        client.genericKubernetesResources("k0rdent.mirantis.com/v1beta1", "ClusterDeployment").inAnyNamespace().delete();
        client.genericKubernetesResources("k0rdent.mirantis.com/v1beta1", "ClusterTemplate").inAnyNamespace().delete();
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
    }

    @Test
    void onDemandSeedTakesOneBackupNamedAfterTheObjectAndMirrorsItsStatus() {
        applySeed("on-demand-backup.yaml");

        Backup backup = awaitBackup("example-backup");
        assertThat(backup.getMetadata().getLabels()).containsEntry(Labels.MANAGEMENT_BACKUP, "example-backup");
        assertThat(backup.getSpec().getIncludedNamespaces()).containsExactly("*");
        assertThat(backup.getSpec().getExcludedResources()).containsExactly("clusters.cluster.x-k8s.io");
        assertThat(backup.getSpec().getTtl()).isEqualTo("720h");
        assertThat(backup.getSpec().getStorageLocation()).isEqualTo("aws-s3");
        assertThat(backup.getSpec().getLabelSelector()).isNull();
        assertThat(selectorPairs(backup)).containsExactly(
                "cluster.x-k8s.io/provider=cluster-api",
                "controller.cert-manager.io/fao=true",
                "k0rdent.mirantis.com/component=kcm");

        velero.complete("example-backup", 78);

        ManagementBackup mb = await().until(() -> mb("example-backup"),
                m -> m.getStatus() != null && m.getStatus().getLastBackup() != null
                        && "Completed".equals(m.getStatus().getLastBackup().getPhase()));
        assertThat(mb.getStatus().getLastBackupName()).isEqualTo("example-backup");
        assertThat(mb.getStatus().getLastBackupTime()).isNotNull();
        assertThat(mb.getStatus().getLastBackup().getProgress().getItemsBackedUp()).isEqualTo(78);
        assertThat(mb.getStatus().getLastBackup().getCompletionTimestamp()).isEqualTo("2025-01-17T18:00:18Z");
        assertThat(mb.getStatus().getNextAttempt()).isNull();
        assertThat(mb.getStatus().getError()).isNull();
        assertThat(condition(mb, "Ready").getStatus()).isEqualTo("True");
        assertThat(mb.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "kcm");
        assertThat(backups()).hasSize(1);
        await().until(() -> eventReasons("example-backup").containsAll(List.of("BackupCreated", "BackupCompleted")));
    }

    @Test
    void scheduledSeedWaitsForItsSlotAndNamesTheBackupAfterIt() {
        applySeed("scheduled-backup.yaml");
        Instant slot = nextSixHourSlot(creation("kcm"));

        ManagementBackup mb = await().until(() -> mb("kcm"),
                m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);
        assertThat(mb.getStatus().getNextAttempt()).isEqualTo(slot.toString());
        assertThat(backups()).isEmpty();

        clock.set(slot.minusSeconds(1));
        wakeups.wake("kcm");
        await().during(Duration.ofMillis(300)).until(() -> backups().isEmpty());

        clock.set(slot);
        wakeups.wake("kcm");
        String name = "kcm-" + ManagementBackup.SLOT_FORMAT.format(slot);
        awaitBackup(name);
        mb = await().until(() -> mb("kcm"), m -> name.equals(m.getStatus().getLastBackupName()));
        assertThat(mb.getStatus().getLastBackupTime()).isEqualTo(slot.toString());
        assertThat(mb.getStatus().getNextAttempt()).isEqualTo(slot.plus(6, ChronoUnit.HOURS).toString());

        velero.complete(name, 78);
        await().until(() -> mb("kcm"), m -> m.getStatus().getLastBackup() != null
                && "Completed".equals(m.getStatus().getLastBackup().getPhase()));
        assertThat(backups()).extracting(b -> b.getMetadata().getName()).containsExactly(name);
    }

    @Test
    void backupSelectsTheClusterDeploymentsInUseAndTheirTemplateProviders() {
        new KcmFixture(client).clusterTemplate("kcm-system", "aws-standalone-cp-0-1-0",
                List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron", "infrastructure-aws"));
        new KcmFixture(client).clusterDeployment("kcm-system", "some-cluster-deployment-name", "aws-standalone-cp-0-1-0");
        // the backup selects what the informers have heard of
        await().until(() -> inventory.clustersInUse().stream().anyMatch(c -> c.providers().size() == 3));

        applySeed("on-demand-backup.yaml");

        Backup backup = awaitBackup("example-backup");
        // the labels of the user documentation's example: the fixed ones, then each key's values
        assertThat(selectorPairs(backup)).containsExactly(
                "cluster.x-k8s.io/provider=cluster-api",
                "controller.cert-manager.io/fao=true",
                "k0rdent.mirantis.com/component=kcm",
                "cluster.x-k8s.io/cluster-name=some-cluster-deployment-name",
                "cluster.x-k8s.io/provider=bootstrap-k0sproject-k0smotron",
                "cluster.x-k8s.io/provider=control-plane-k0sproject-k0smotron",
                "cluster.x-k8s.io/provider=infrastructure-aws",
                "helm.toolkit.fluxcd.io/name=some-cluster-deployment-name");
        assertThat(backup.getSpec().getOrLabelSelectors()).hasSize(6);
        ManagementBackup mb = await().until(() -> mb("example-backup"), m -> m.getStatus() != null
                && Conditions.find(m.getStatus().getConditions(), "SelectionExact").isPresent());
        assertThat(condition(mb, "SelectionExact").getStatus()).isEqualTo("True");
        assertThat(condition(mb, "SelectionExact").getMessage()).contains("1 ClusterDeployments in 6 orLabelSelectors");
        assertThat(backup.getMetadata().getAnnotations()).containsEntry(Labels.PROVIDERS_ANNOTATION,
                "bootstrap-k0sproject-k0smotron,control-plane-k0sproject-k0smotron,infrastructure-aws");
    }

    @Test
    void oneSlotNeverGetsTwoBackupsWhenReconcilesRaceOrTheStatusIsLost() {
        create(scheduled("racer", "@every 1h"));
        Instant created = creation("racer");
        Instant slot = created.plus(1, ChronoUnit.HOURS);

        clock.set(slot);
        for (int i = 0; i < 5; i++) {
            wakeups.wake("racer");
        }
        String name = "racer-" + ManagementBackup.SLOT_FORMAT.format(slot);
        await().until(() -> mb("racer"), m -> m.getStatus() != null && name.equals(m.getStatus().getLastBackupName()));

        // a restart that lost the status write: the same slot is decided again and the existing Backup is adopted
        client.resources(ManagementBackup.class).withName("racer").editStatus(m -> {
            m.getStatus().setLastBackupName(null);
            m.getStatus().setLastBackupTime(null);
            m.getStatus().setLastSlot(null);
            return m;
        });
        await().until(() -> {
            // the edit reaches the operator's cache asynchronously: wake it until it has seen and repaired the status
            wakeups.wake("racer");
            return name.equals(mb("racer").getStatus().getLastBackupName());
        });
        assertThat(backups()).extracting(b -> b.getMetadata().getName()).containsExactly(name);
        assertThat(eventReasons("racer").stream().filter("BackupCreated"::equals).count()).isLessThanOrEqualTo(2);
    }

    @Test
    void longDowntimeGivesExactlyOneCatchUpBackupForTheLatestMissedSlot() {
        applySeed("scheduled-backup.yaml");
        Instant first = nextSixHourSlot(creation("kcm"));
        await().until(() -> mb("kcm"), m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);

        Instant now = first.plus(3, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS);
        clock.set(now);
        wakeups.wake("kcm");
        Instant latest = first.plus(3, ChronoUnit.DAYS);
        String name = "kcm-" + ManagementBackup.SLOT_FORMAT.format(latest);
        await().until(() -> mb("kcm"), m -> name.equals(m.getStatus().getLastBackupName()));
        wakeups.wake("kcm");
        await().during(Duration.ofMillis(300)).until(() -> backups().size() == 1);
        assertThat(mb("kcm").getStatus().getNextAttempt()).isEqualTo(latest.plus(6, ChronoUnit.HOURS).toString());
    }

    @Test
    void aSlotWhileABackupIsStillRunningIsSkippedWithAnEvent() {
        create(scheduled("busy", "@every 1h"));
        Instant created = creation("busy");
        Instant first = created.plus(1, ChronoUnit.HOURS);
        clock.set(first);
        wakeups.wake("busy");
        String firstName = "busy-" + ManagementBackup.SLOT_FORMAT.format(first);
        awaitBackup(firstName);
        velero.phase(firstName, "InProgress");

        Instant second = first.plus(1, ChronoUnit.HOURS);
        clock.set(second);
        wakeups.wake("busy");
        await().until(() -> mb("busy"), m -> second.toString().equals(m.getStatus().getLastSlot()));
        assertThat(backups()).hasSize(1);
        await().until(() -> eventReasons("busy").contains("BackupSkipped"));

        velero.complete(firstName, 10);
        // the next slot is decided on the cached Backups: wait until they show the first backup finished
        await().until(() -> mb("busy"), m -> m.getStatus().getLastBackup() != null
                && "Completed".equals(m.getStatus().getLastBackup().getPhase()));
        Instant third = second.plus(1, ChronoUnit.HOURS);
        clock.set(third);
        wakeups.wake("busy");
        awaitBackup("busy-" + ManagementBackup.SLOT_FORMAT.format(third));
    }

    @Test
    void invalidScheduleIsReportedAndRecoversWhenFixed() {
        create(scheduled("broken", "0 */6 * *"));
        ManagementBackup mb = await().until(() -> mb("broken"),
                m -> m.getStatus() != null && m.getStatus().getError() != null);
        // said once: the parser's message already names the expression
        assertThat(mb.getStatus().getError()).startsWith("invalid schedule \"0 */6 * *\": expected 5 fields")
                .containsOnlyOnce("invalid schedule");
        assertThat(condition(mb, "ScheduleValid").getStatus()).isEqualTo("False");
        assertThat(condition(mb, "Ready").getStatus()).isEqualTo("False");
        await().until(() -> eventReasons("broken").contains("InvalidSchedule"));

        client.resources(ManagementBackup.class).withName("broken").edit(m -> {
            m.getSpec().setSchedule("@hourly");
            return m;
        });
        mb = await().until(() -> mb("broken"), m -> m.getStatus().getError() == null);
        assertThat(condition(mb, "ScheduleValid").getStatus()).isEqualTo("True");
        assertThat(mb.getStatus().getNextAttempt()).isNotNull();
    }

    @Test
    void missingStorageLocationBlocksBackupsUntilItAppears() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("elsewhere");
        mb.getSpec().setStorageLocation("my-location");
        create(mb);

        ManagementBackup seen = await().until(() -> mb("elsewhere"),
                m -> m.getStatus() != null && m.getStatus().getError() != null);
        assertThat(seen.getStatus().getError())
                .isEqualTo("BackupStorageLocation \"my-location\" not found in namespace kcm-system");
        assertThat(condition(seen, "StorageLocationAvailable").getReason()).isEqualTo("NotFound");
        assertThat(backups()).isEmpty();

        velero.storageLocation("my-location", false, "Available");
        awaitBackup("elsewhere");
        await().until(() -> mb("elsewhere"), m -> m.getStatus().getError() == null);
    }

    @Test
    void aBackupNameTakenByAnotherObjectIsReportedNotAdopted() {
        Backup foreign = new Backup();
        foreign.getMetadata().setName("taken");
        foreign.getMetadata().setNamespace(NS);
        client.resources(Backup.class).inNamespace(NS).resource(foreign).create();

        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("taken");
        create(mb);

        ManagementBackup seen = await().until(() -> mb("taken"),
                m -> m.getStatus() != null && m.getStatus().getError() != null);
        assertThat(seen.getStatus().getError()).contains("already exists").contains("not created by this ManagementBackup");
        assertThat(seen.getStatus().getLastBackupName()).isNull();
    }

    @Test
    void failedBackupIsReportedAsTheError() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("doomed");
        create(mb);
        awaitBackup("doomed");
        velero.setStatus("doomed", s -> {
            s.setPhase("FailedValidation");
            s.setValidationErrors(List.of("backup storage location 'default' not found"));
        });
        ManagementBackup seen = await().until(() -> mb("doomed"),
                m -> m.getStatus() != null && m.getStatus().getError() != null);
        assertThat(seen.getStatus().getError())
                .isEqualTo("Velero backup doomed ended FailedValidation: backup storage location 'default' not found");
        assertThat(condition(seen, "Ready").getReason()).isEqualTo("LastBackupFailed");
        assertThat(condition(seen, "BackupInProgress").getStatus()).isEqualTo("False");
        await().until(() -> eventReasons("doomed").contains("BackupFailedValidation"));
    }

    @Test
    void aSteadyStateWritesNothing() {
        create(scheduled("steady", "@hourly"));
        ManagementBackup settled = await().until(() -> mb("steady"),
                m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);
        String version = settled.getMetadata().getResourceVersion();
        wakeups.wake("steady");
        wakeups.wake("steady");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> mb("steady").getMetadata().getResourceVersion().equals(version));
    }

    // --- helpers ---

    static Instant nextSixHourSlot(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        do {
            t = t.plusHours(1);
        } while (t.getHour() % 6 != 0);
        return t.toInstant();
    }

    static ManagementBackup scheduled(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule(schedule);
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

    Instant creation(String name) {
        return Instant.parse(await().until(() -> mb(name), Objects::nonNull).getMetadata().getCreationTimestamp());
    }

    List<Backup> backups() {
        return client.resources(Backup.class).inNamespace(NS).list().getItems();
    }

    /** The Backup as stored, selectors included. */
    Backup awaitBackup(String name) {
        try (KubernetesClient whole = MockCluster.readingWhole(client)) {
            return await().until(() -> whole.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
        }
    }

    /** The label pairs the Backup selects, in its selectors' order: one fixed label, or one key's In values, each. */
    static List<String> selectorPairs(Backup backup) {
        List<String> pairs = new ArrayList<>();
        for (LabelSelector selector : backup.getSpec().getOrLabelSelectors()) {
            if (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()) {
                assertThat(selector.getMatchLabels()).hasSize(1);
                selector.getMatchLabels().forEach((k, v) -> pairs.add(k + "=" + v));
            } else {
                assertThat(selector.getMatchLabels()).isNullOrEmpty();
                LabelSelectorRequirement in = selector.getMatchExpressions().get(0);
                assertThat(selector.getMatchExpressions()).hasSize(1);
                assertThat(in.getOperator()).isEqualTo("In");
                in.getValues().forEach(v -> pairs.add(in.getKey() + "=" + v));
            }
        }
        return pairs;
    }

    static Condition condition(ManagementBackup mb, String type) {
        return mb.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    List<String> eventReasons(String name) {
        return Events.reasons(client, name);
    }
}
