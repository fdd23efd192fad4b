package io.k0rdent.backup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.upgrade.UpgradeGate.Ruling;
import io.k0rdent.backup.upgrade.UpgradeGate.Verdict;

class UpgradeGateTest {

    static final ManagementView INSTALLED = management("kcm-0-2-0", "kcm-0-2-0", Map.of());
    static final ManagementView UPGRADE = management("kcm-0-3-0", "kcm-0-2-0", Map.of());
    static final ManagementView UPGRADE_OVERRIDDEN = management("kcm-0-3-0", "kcm-0-2-0",
            Map.of(Labels.ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION, "true"));

    /** States of the pre-upgrade backups of two flagged ManagementBackups ("missing": not created yet). */
    static Stream<Arguments> rulings() {
        return Stream.of(
                Arguments.of(GateMode.OFF, List.of("missing", "missing"), false, Ruling.GATE_OFF),
                Arguments.of(GateMode.COMPLETION, List.of("missing", "missing"), false, Ruling.HELD),
                Arguments.of(GateMode.COMPLETION, List.of("PreparingToStart", "Succeeded"), false, Ruling.HELD),
                Arguments.of(GateMode.COMPLETION, List.of("Starting", "Succeeded"), false, Ruling.HELD),
                Arguments.of(GateMode.COMPLETION, List.of("Active", "Succeeded"), false, Ruling.HELD),
                Arguments.of(GateMode.COMPLETION, List.of("Succeeded", "Succeeded"), false, Ruling.RELEASED),
                Arguments.of(GateMode.COMPLETION, List.of("Error", "Succeeded"), false, Ruling.RELEASED),
                Arguments.of(GateMode.COMPLETION, List.of("Timeout", "Error"), false, Ruling.RELEASED),
                Arguments.of(GateMode.COMPLETION, List.of("Active", "missing"), true, Ruling.OVERRIDDEN),
                Arguments.of(GateMode.SUCCESS, List.of("missing", "missing"), false, Ruling.HELD),
                Arguments.of(GateMode.SUCCESS, List.of("Active", "Succeeded"), false, Ruling.HELD),
                Arguments.of(GateMode.SUCCESS, List.of("Error", "Succeeded"), false, Ruling.HELD),
                Arguments.of(GateMode.SUCCESS, List.of("Timeout", "Succeeded"), false, Ruling.HELD),
                Arguments.of(GateMode.SUCCESS, List.of("Succeeded", "Succeeded"), false, Ruling.RELEASED),
                Arguments.of(GateMode.SUCCESS, List.of("Error", "Succeeded"), true, Ruling.OVERRIDDEN),
                Arguments.of(GateMode.SUCCESS, List.of("Succeeded", "Succeeded"), true, Ruling.RELEASED));
    }

    @ParameterizedTest(name = "{0}: backups {1}, override {2} → {3}")
    @MethodSource("rulings")
    void rulesOnAReleaseChange(GateMode mode, List<String> states, boolean override, Ruling ruling) {
        Verdict verdict = UpgradeGate.decide(mode, INSTALLED, override ? UPGRADE_OVERRIDDEN : UPGRADE, cluster(states), false);

        assertThat(verdict.ruling()).isEqualTo(ruling);
        assertThat(verdict.allowed()).isEqualTo(ruling != Ruling.HELD);
        if (ruling == Ruling.HELD || ruling == Ruling.OVERRIDDEN) {
            long missing = states.stream().filter("missing"::equals).count();
            assertThat(verdict.toStart()).hasSize((int) missing);
        } else {
            assertThat(verdict.toStart()).isEmpty();
        }
    }

    static Stream<Arguments> notUpgrades() {
        return Stream.of(
                Arguments.of("annotation change only", INSTALLED, management("kcm-0-2-0", "kcm-0-2-0", Map.of("a", "b")),
                        Ruling.NOT_AN_UPGRADE),
                Arguments.of("pending upgrade taken back to the installed release", UPGRADE,
                        management("kcm-0-2-0", "kcm-0-2-0", Map.of()), Ruling.NOT_AN_UPGRADE),
                Arguments.of("fresh Management, nothing installed", management("kcm-0-2-0", null, Map.of()),
                        management("kcm-0-3-0", null, Map.of()), Ruling.NOTHING_TO_WAIT_FOR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUpgrades")
    void letsThroughWhatIsNoUpgrade(String description, ManagementView old, ManagementView updated, Ruling ruling) {
        for (GateMode mode : List.of(GateMode.COMPLETION, GateMode.SUCCESS)) {
            Verdict verdict = UpgradeGate.decide(mode, old, updated, cluster(List.of("missing")), false);
            assertThat(verdict.ruling()).isEqualTo(ruling);
            assertThat(verdict.toStart()).isEmpty();
        }
    }

    @Test
    void nothingToWaitForWithoutAFlaggedScheduledBackup() {
        ManagementBackup onDemand = flagged("on-demand");
        onDemand.getSpec().setSchedule(null);
        ManagementBackup unflagged = flagged("unflagged");
        unflagged.getSpec().setPerformOnManagementUpgrade(false);

        Verdict verdict = UpgradeGate.decide(GateMode.SUCCESS, INSTALLED, UPGRADE, List.of(onDemand, unflagged), false);

        assertThat(verdict.ruling()).isEqualTo(Ruling.NOTHING_TO_WAIT_FOR);
    }

    @Test
    void heldMessageNamesEachBackupAndItsState() {
        List<ManagementBackup> all = cluster(List.of("Active", "missing"));
        UpgradeBackupStatus failed = new UpgradeBackupStatus();
        failed.setState(UpgradeBackupState.ERROR);
        failed.setMessage("Velero backup c-kcm-0-2-0 ended Failed; " + UpgradeBackupMachine.retryHint());
        all.add(flagged("c"));
        all.add(preUpgrade("c-kcm-0-2-0", failed));

        Verdict verdict = UpgradeGate.decide(GateMode.SUCCESS, INSTALLED, UPGRADE, all, false);

        assertThat(verdict.message()).isEqualTo("upgrade of Management kcm from kcm-0-2-0 to kcm-0-3-0 is held until its "
                + "pre-upgrade backups have succeeded (upgrade gate mode success): a-kcm-0-2-0 (Active), b-kcm-0-2-0 (not started), "
                + "c-kcm-0-2-0 (Error: Velero backup c-kcm-0-2-0 ended Failed). The missing backups are being started now. "
                + "Retry a failed backup by annotating its ManagementBackup with k0rdent.mirantis.com/retry-upgrade-backup=<new value>. "
                + "Apply the change again when they are done, or annotate the Management with "
                + "k0rdent.mirantis.com/allow-upgrade-without-backup=true to upgrade without them.");
        assertThat(verdict.toStart()).extracting(mb -> mb.getMetadata().getName()).containsExactly("b-kcm-0-2-0");
    }

    @Test
    void aDryRunDoesNotClaimToStartAnything() {
        Verdict verdict = UpgradeGate.decide(GateMode.COMPLETION, INSTALLED, UPGRADE, cluster(List.of("missing")), true);

        assertThat(verdict.ruling()).isEqualTo(Ruling.HELD);
        assertThat(verdict.message()).doesNotContain("being started");
    }

    @Test
    void aBackupRunByAnotherControllerIsJudgedByItsVeleroPhase() {
        ManagementBackup kcmMade = preUpgrade("a-kcm-0-2-0", null);
        kcmMade.getStatus().setLastBackupName("a-kcm-0-2-0");
        io.k0rdent.backup.api.velero.BackupStatus phase = new io.k0rdent.backup.api.velero.BackupStatus();
        phase.setPhase("Completed");
        kcmMade.getStatus().setLastBackup(phase);

        Verdict verdict = UpgradeGate.decide(GateMode.SUCCESS, INSTALLED, UPGRADE, List.of(flagged("a"), kcmMade), false);

        assertThat(verdict.ruling()).isEqualTo(Ruling.RELEASED);
        assertThat(verdict.message()).contains("a-kcm-0-2-0 (Succeeded)");
    }

    // --- helpers ---

    static ManagementView management(String spec, String status, Map<String, String> annotations) {
        return new ManagementView("kcm", spec, status, annotations);
    }

    /** Flagged ManagementBackups a, b, … and, for each state other than "missing", its pre-upgrade backup. */
    static List<ManagementBackup> cluster(List<String> states) {
        List<ManagementBackup> all = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            String name = String.valueOf((char) ('a' + i));
            all.add(flagged(name));
            if (!"missing".equals(states.get(i))) {
                UpgradeBackupStatus status = new UpgradeBackupStatus();
                status.setState(stateNamed(states.get(i)));
                status.setMessage("m");
                all.add(preUpgrade(name + "-kcm-0-2-0", status));
            }
        }
        return all;
    }

    static UpgradeBackupState stateNamed(String wire) {
        return Stream.of(UpgradeBackupState.values()).filter(s -> s.wireName().equals(wire)).findFirst().orElseThrow();
    }

    static ManagementBackup flagged(String name) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("0 */6 * * *");
        spec.setPerformOnManagementUpgrade(true);
        mb.setSpec(spec);
        return mb;
    }

    static ManagementBackup preUpgrade(String name, UpgradeBackupStatus upgrade) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        mb.getMetadata().setLabels(Map.of(Labels.RELEASE_BACKUP, "kcm-0-2-0"));
        mb.setStatus(new ManagementBackupStatus());
        mb.getStatus().setUpgradeBackup(upgrade);
        return mb;
    }
}
