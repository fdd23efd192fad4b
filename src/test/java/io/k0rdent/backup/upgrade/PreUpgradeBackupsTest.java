package io.k0rdent.backup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.status.StatusCalculator;

class PreUpgradeBackupsTest {

    @Test
    void seedExampleIsNamedAfterTheScheduledBackupAndTheReleaseBeforeTheUpgrade() {
        ManagementBackup parent = UpgradeGateTest.flagged("example-backup");
        parent.getSpec().setStorageLocation("aws-s3");
        parent.getSpec().setTtl("240h");

        ManagementBackup desired = PreUpgradeBackups.desired(parent, "kcm-0-2-0");

        assertThat(desired.getMetadata().getName()).isEqualTo("example-backup-kcm-0-2-0");
        assertThat(desired.getMetadata().getLabels()).containsEntry(Labels.RELEASE_BACKUP, "kcm-0-2-0")
                .containsEntry(Labels.COMPONENT, "kcm");
        assertThat(desired.getSpec().getSchedule()).isNull();
        assertThat(desired.getSpec().getStorageLocation()).isEqualTo("aws-s3");
        assertThat(desired.getSpec().getTtl()).isEqualTo("240h");
        assertThat(desired.getSpec().getPerformOnManagementUpgrade()).isNull();
        assertThat(PreUpgradeBackups.isPreUpgradeBackup(desired)).isTrue();
        assertThat(PreUpgradeBackups.performsOnUpgrade(desired)).isFalse();
    }

    @Test
    void longNamesAndReleasesStayValid() {
        String release = "kcm-" + "9".repeat(80);
        ManagementBackup desired = PreUpgradeBackups.desired(UpgradeGateTest.flagged("b".repeat(240)), release);

        assertThat(desired.getMetadata().getName()).hasSize(KubernetesNames.MAX_NAME);
        assertThat(desired.getMetadata().getLabels().get(Labels.RELEASE_BACKUP)).hasSize(KubernetesNames.MAX_LABEL_VALUE);
    }

    @Test
    void onlyScheduledBackupsWithTheFlagAskForOne() {
        ManagementBackup onDemand = UpgradeGateTest.flagged("on-demand");
        onDemand.getSpec().setSchedule("");
        ManagementBackup unflagged = UpgradeGateTest.flagged("unflagged");
        unflagged.getSpec().setPerformOnManagementUpgrade(null);

        List<ManagementBackup> desired = PreUpgradeBackups.desired(List.of(UpgradeGateTest.flagged("two"), onDemand, unflagged,
                UpgradeGateTest.flagged("one")), "kcm-0-2-0");

        assertThat(desired).extracting(mb -> mb.getMetadata().getName()).containsExactly("one-kcm-0-2-0", "two-kcm-0-2-0");
    }

    @Test
    void aScheduledBackupWithTheReleaseLabelIsNoPreUpgradeBackup() {
        ManagementBackup scheduled = UpgradeGateTest.flagged("odd");
        scheduled.getMetadata().setLabels(Map.of(Labels.RELEASE_BACKUP, "kcm-0-2-0"));

        assertThat(PreUpgradeBackups.isPreUpgradeBackup(scheduled)).isFalse();
    }

    @ParameterizedTest(name = "spec {0}, status {1}: pending {2}")
    @CsvSource(nullValues = "null", value = { "kcm-0-3-0, kcm-0-2-0, true", "kcm-0-2-0, kcm-0-2-0, false",
            "kcm-0-2-0, null, false", "null, kcm-0-2-0, false", "kcm-0-2-0, '', false" })
    void anUpgradeIsPendingWhenAnInstalledReleaseDiffersFromTheWantedOne(String spec, String status, boolean pending) {
        GenericKubernetesResourceBuilder builder = new GenericKubernetesResourceBuilder()
                .withApiVersion("k0rdent.mirantis.com/v1beta1").withKind("Management").withNewMetadata().withName("kcm")
                .endMetadata();
        java.util.Map<String, Object> properties = new java.util.HashMap<>();
        if (spec != null) {
            properties.put("spec", Map.of("release", spec));
        }
        if (status != null) {
            properties.put("status", Map.of("release", status));
        }
        GenericKubernetesResource management = builder.withAdditionalProperties(properties).build();

        assertThat(ManagementView.of(management).upgradePending()).isEqualTo(pending);
    }

    @Test
    void whilePreparingThePreviousAttemptsBackupIsForgotten() {
        ManagementBackup mb = UpgradeGateTest.preUpgrade("a-kcm-0-2-0", null);
        mb.getStatus().setLastBackupName("a-kcm-0-2-0");
        mb.getStatus().setLastBackupTime("2025-03-01T10:00:00Z");
        mb.getStatus().setLastBackup(new io.k0rdent.backup.api.velero.BackupStatus());
        UpgradeBackupStatus preparing = new UpgradeBackupStatus();
        preparing.setState(UpgradeBackupState.PREPARING_TO_START);
        UpgradeBackupStatus active = new UpgradeBackupStatus();
        active.setState(UpgradeBackupState.ACTIVE);

        ManagementBackup basis = PreUpgradeStatus.basis(mb, preparing);

        assertThat(basis.getStatus().getLastBackupName()).isNull();
        assertThat(basis.getStatus().getLastBackupTime()).isNull();
        assertThat(basis.getStatus().getLastBackup()).isNull();
        assertThat(mb.getStatus().getLastBackupName()).as("the original is untouched").isEqualTo("a-kcm-0-2-0");
        assertThat(PreUpgradeStatus.basis(mb, active)).isSameAs(mb);
    }

    @Test
    void aTimeoutIsTheErrorAndTheConditionSaysTheState() {
        Instant now = Instant.parse("2025-03-01T11:00:00Z");
        UpgradeBackupStatus timedOut = new UpgradeBackupStatus();
        timedOut.setState(UpgradeBackupState.TIMEOUT);
        timedOut.setMessage("no result within 1h");
        ManagementBackupStatus computed = new ManagementBackupStatus();
        computed.setConditions(Conditions.set(null, StatusCalculator.READY, true, "Ready", "ok", 1L, now));

        ManagementBackupStatus status = PreUpgradeStatus.apply(computed, timedOut, 1L, now);

        assertThat(status.getUpgradeBackup()).isSameAs(timedOut);
        assertThat(status.getError()).isEqualTo("no result within 1h");
        assertThat(Conditions.find(status.getConditions(), StatusCalculator.READY).orElseThrow().getReason())
                .isEqualTo("UpgradeBackupTimeout");
        var condition = Conditions.find(status.getConditions(), PreUpgradeStatus.UPGRADE_BACKUP_SUCCEEDED).orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("Timeout");
    }

    @Test
    void aSucceededBackupSetsItsConditionTrueAndLeavesTheErrorAlone() {
        Instant now = Instant.parse("2025-03-01T11:00:00Z");
        UpgradeBackupStatus succeeded = new UpgradeBackupStatus();
        succeeded.setState(UpgradeBackupState.SUCCEEDED);
        succeeded.setMessage("Velero backup x completed");

        ManagementBackupStatus status = PreUpgradeStatus.apply(new ManagementBackupStatus(), succeeded, 2L, now);

        assertThat(status.getError()).isNull();
        var condition = Conditions.find(status.getConditions(), PreUpgradeStatus.UPGRADE_BACKUP_SUCCEEDED).orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("Succeeded");
        assertThat(condition.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void stateOfABackupNobodyReconciledYetIsPreparingToStart() {
        assertThat(PreUpgradeBackups.stateOf(UpgradeGateTest.preUpgrade("x", null))).isEqualTo(UpgradeBackupState.PREPARING_TO_START);
        ManagementBackup noStatus = UpgradeGateTest.preUpgrade("y", null);
        noStatus.setStatus(null);
        assertThat(PreUpgradeBackups.stateOf(noStatus)).isEqualTo(UpgradeBackupState.PREPARING_TO_START);
    }

    @Test
    void theDeletionRequestIsNamedPerAttemptAndNamesTheBackup() {
        var request = StaleBackupDeletion.request("example-backup-kcm-0-2-0", 2, "kcm-system", "example-backup-kcm-0-2-0");

        assertThat(request.getMetadata().getName()).isEqualTo("example-backup-kcm-0-2-0-cleanup-2");
        assertThat(request.getMetadata().getNamespace()).isEqualTo("kcm-system");
        assertThat(request.getSpec().getBackupName()).isEqualTo("example-backup-kcm-0-2-0");
        assertThat(request.getMetadata().getLabels()).containsEntry(Labels.MANAGEMENT_BACKUP, "example-backup-kcm-0-2-0");
    }
}
