package io.k0rdent.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupDecider.Decision;

class BackupHoldTest {

    static final Instant SLOT = Instant.parse("2025-01-17T18:00:00Z");

    @Test
    void aBackupDueDuringARestoreWaits() {
        Restore running = RestoreFixtures.veleroRestore("dr-1", "InProgress");
        running.getMetadata().setAnnotations(Map.of(Labels.MANAGEMENT_RESTORE, "dr"));
        Decision due = new Decision(new BackupDecider.Create("kcm-20250117180000", SLOT), Optional.of(SLOT), Optional.empty());

        Decision held = BackupHold.hold(due, BackupHold.reason(List.of(running)));

        assertThat(held.action()).isInstanceOf(BackupDecider.Nothing.class);
        assertThat(held.nextAttempt()).hasValue(SLOT);
        assertThat(held.blocker()).hasValueSatisfying(b -> {
            assertThat(b.reason()).isEqualTo("RestoreInProgress");
            assertThat(b.message()).isEqualTo(
                    "Velero Restore dr-1 of ManagementRestore dr is InProgress: new backups wait until it has ended");
        });
    }

    @Test
    void withoutARunningRestoreOrABackupToTakeNothingChanges() {
        Decision due = new Decision(new BackupDecider.Create("kcm", null), Optional.empty(), Optional.empty());
        Decision idle = new Decision(new BackupDecider.Nothing(), Optional.of(SLOT), Optional.empty());

        assertThat(BackupHold.hold(due, BackupHold.reason(List.of()))).isSameAs(due);
        assertThat(BackupHold.hold(idle, Optional.of("a restore runs"))).isSameAs(idle);
    }
}
