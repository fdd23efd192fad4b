package io.k0rdent.backup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.upgrade.UpgradeGate.Ruling;
import io.k0rdent.backup.upgrade.UpgradeStats.GateDecision;

class UpgradeStatsTest {

    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void anUpgradeIsHeldFromTheDenialUntilItIsReleasedOrGoesThrough() {
        UpgradeStats stats = new UpgradeStats();
        assertThat(stats.upgradeHeld()).isFalse();

        stats.gateDecision(new GateDecision("kcm", "kcm-0-3-0", Ruling.HELD, "held: a-kcm-0-2-0 (Active)", NOW));
        assertThat(stats.upgradeHeld()).isTrue();
        assertThat(stats.heldDecision()).map(GateDecision::message).contains("held: a-kcm-0-2-0 (Active)");

        stats.managementChanged(new ManagementView("kcm", "kcm-0-2-0", "kcm-0-2-0", Map.of()));
        assertThat(stats.upgradeHeld()).as("an unrelated change keeps it held").isTrue();

        stats.gateDecision(new GateDecision("kcm", "kcm-0-3-0", Ruling.RELEASED, "released", NOW));
        assertThat(stats.upgradeHeld()).isFalse();
        assertThat(stats.heldTotal()).isEqualTo(1);
        assertThat(stats.releasedTotal()).isEqualTo(1);
    }

    @Test
    void aHeldUpgradeThatWentThroughElsewhereIsNoLongerHeld() {
        UpgradeStats stats = new UpgradeStats();
        stats.gateDecision(new GateDecision("kcm", "kcm-0-3-0", Ruling.HELD, "held", NOW));

        stats.managementChanged(new ManagementView("kcm", "kcm-0-3-0", "kcm-0-2-0", Map.of()));

        assertThat(stats.upgradeHeld()).isFalse();
    }

    @Test
    void outcomesAreCountedOncePerAttempt() {
        UpgradeStats stats = new UpgradeStats();

        stats.backupStateChanged(null, UpgradeBackupState.STARTING, false);
        stats.backupStateChanged(UpgradeBackupState.STARTING, UpgradeBackupState.ERROR, false);
        stats.backupStateChanged(UpgradeBackupState.ERROR, UpgradeBackupState.PREPARING_TO_START, true);
        stats.backupStateChanged(UpgradeBackupState.PREPARING_TO_START, UpgradeBackupState.SUCCEEDED, false);
        stats.backupStateChanged(UpgradeBackupState.ERROR, UpgradeBackupState.ERROR, true);

        assertThat(stats.outcomes(UpgradeBackupState.ERROR)).isEqualTo(2);
        assertThat(stats.outcomes(UpgradeBackupState.SUCCEEDED)).isEqualTo(1);
        assertThat(stats.outcomes(UpgradeBackupState.TIMEOUT)).isZero();
        assertThat(stats.outcomes(UpgradeBackupState.ACTIVE)).isZero();
        assertThat(stats.retries()).isEqualTo(2);
    }

    @Test
    void backupsAreCountedByTheirCurrentState() {
        UpgradeStats stats = new UpgradeStats();
        UpgradeBackupStatus active = new UpgradeBackupStatus();
        active.setState(UpgradeBackupState.ACTIVE);
        ManagementBackup running = UpgradeGateTest.preUpgrade("a-kcm-0-2-0", active);
        ManagementBackup fresh = UpgradeGateTest.preUpgrade("b-kcm-0-2-0", null);

        stats.countFrom(() -> List.of(running, fresh));

        assertThat(stats.backupsByState()).containsEntry(UpgradeBackupState.ACTIVE, 1L)
                .containsEntry(UpgradeBackupState.PREPARING_TO_START, 1L).containsEntry(UpgradeBackupState.SUCCEEDED, 0L)
                .hasSize(UpgradeBackupState.values().length);
    }
}
