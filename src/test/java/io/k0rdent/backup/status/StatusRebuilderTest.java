package io.k0rdent.backup.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;

class StatusRebuilderTest {

    static ManagementBackup mb(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule(schedule);
        mb.setSpec(spec);
        mb.setStatus(null);
        return mb;
    }

    static Backup backup(String name, String slot, String phase, String started) {
        Backup backup = new Backup();
        backup.getMetadata().setName(name);
        backup.getMetadata().setCreationTimestamp("2025-02-01T00:00:00Z");
        if (slot != null) {
            backup.getMetadata().setAnnotations(Map.of(Labels.SLOT_ANNOTATION, slot));
        }
        BackupStatus status = new BackupStatus();
        status.setPhase(phase);
        status.setStartTimestamp(started);
        backup.setStatus(status);
        return backup;
    }

    @Test
    void aScheduledBackupGoesOnFromItsNewestSlot() {
        List<Backup> own = List.of(
                backup("kcm-20250117120000", "2025-01-17T12:00:00Z", "Completed", "2025-01-17T12:00:01Z"),
                backup("kcm-20250117180000", null, "Failed", "2025-01-17T18:00:01Z"),
                backup("kcm-20250117060000", "2025-01-17T06:00:00Z", "Completed", "2025-01-17T06:00:01Z"));

        ManagementBackupStatus status = StatusRebuilder.rebuild(mb("kcm", "0 */6 * * *"), own).orElseThrow();

        assertThat(status.getLastBackupName()).isEqualTo("kcm-20250117180000");
        assertThat(status.getLastBackupTime()).isEqualTo("2025-01-17T18:00:00Z");
        assertThat(status.getLastSlot()).isEqualTo("2025-01-17T18:00:00Z");
        assertThat(status.getLastBackup().getPhase()).isEqualTo("Failed");
        // Velero's status as cached: cached objects are replaced, never changed in place
        assertThat(status.getLastBackup()).isSameAs(own.get(1).getStatus());
    }

    @Test
    void aSingleBackupIsFoundByItsNameAndDatedByItsStart() {
        List<Backup> own = List.of(backup("example-backup", null, "Completed", "2025-01-17T15:50:12Z"));

        ManagementBackupStatus status = StatusRebuilder.rebuild(mb("example-backup", null), own).orElseThrow();

        assertThat(status.getLastBackupName()).isEqualTo("example-backup");
        assertThat(status.getLastBackupTime()).isEqualTo("2025-01-17T15:50:12Z");
        assertThat(status.getLastBackup().getPhase()).isEqualTo("Completed");
        assertThat(status.getNextAttempt()).isNull();
    }

    @Test
    void aSingleBackupNotYetStartedIsDatedByItsCreation() {
        ManagementBackupStatus status = StatusRebuilder.rebuild(mb("example-backup", null),
                List.of(backup("example-backup", null, "New", null))).orElseThrow();

        assertThat(status.getLastBackupTime()).isEqualTo("2025-02-01T00:00:00Z");
    }

    @Test
    void nothingToRebuildFrom() {
        assertThat(StatusRebuilder.rebuild(mb("kcm", "@hourly"), List.of())).isEmpty();
        assertThat(StatusRebuilder.rebuild(mb("kcm", "@hourly"), List.of(backup("kcm", null, "Completed", null)))).isEmpty();
        assertThat(StatusRebuilder.rebuild(mb("example-backup", null),
                List.of(backup("example-backup-20250117180000", null, "Completed", null)))).isEmpty();
    }

    @Test
    void aStatusThatRecordsABackupIsLeftAlone() {
        ManagementBackup mb = mb("kcm", "@hourly");
        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setLastSlot("2025-01-17T17:00:00Z");
        mb.setStatus(status);

        assertThat(StatusRebuilder.rebuild(mb,
                List.of(backup("kcm-20250117180000", "2025-01-17T18:00:00Z", "Completed", null)))).isEmpty();
    }

    @Test
    void conditionsOfAnEarlierReconcileAreKept() {
        ManagementBackup mb = mb("kcm", "@hourly");
        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setConditions(Conditions.set(null, "Ready", true, "Ready", "ok", 1L, java.time.Instant.EPOCH));
        mb.setStatus(status);

        Optional<ManagementBackupStatus> rebuilt = StatusRebuilder.rebuild(mb,
                List.of(backup("kcm-20250117180000", null, "Completed", null)));

        assertThat(rebuilt).hasValueSatisfying(s -> {
            assertThat(s.getLastBackupName()).isEqualTo("kcm-20250117180000");
            assertThat(s.getConditions()).hasSize(1);
        });
    }
}
