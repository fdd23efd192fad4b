package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.RetentionSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;

class RetentionPolicyTest {

    /** A Backup: {@code owner} null means not ours; {@code slot} null means no slot annotation. */
    static Backup backup(String name, String owner, String phase, String slot, boolean releaseBackup) {
        Backup backup = new Backup();
        backup.getMetadata().setName(name);
        Map<String, String> labels = new LinkedHashMap<>();
        if (owner != null) {
            labels.put(Labels.MANAGEMENT_BACKUP, owner);
        }
        if (releaseBackup) {
            labels.put(Labels.RELEASE_BACKUP, "kcm-0-2-0");
        }
        backup.getMetadata().setLabels(labels);
        if (slot != null) {
            backup.getMetadata().setAnnotations(Map.of(Labels.SLOT_ANNOTATION, slot));
        }
        BackupStatus status = new BackupStatus();
        status.setPhase(phase);
        backup.setStatus(status);
        return backup;
    }

    static Backup scheduled(String timestamp, String phase) {
        return backup("kcm-" + timestamp, "kcm", phase, null, false);
    }

    static ManagementBackup mb(Integer keepLast) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("kcm");
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("@hourly");
        if (keepLast != null) {
            RetentionSpec retention = new RetentionSpec();
            retention.setKeepLast(keepLast);
            spec.setRetention(retention);
        }
        mb.setSpec(spec);
        return mb;
    }

    static final Backup T1 = scheduled("20250117010000", "Completed");
    static final Backup T2 = scheduled("20250117020000", "Completed");
    static final Backup T3 = scheduled("20250117030000", "Completed");
    static final Backup T4 = scheduled("20250117040000", "Completed");

    static Stream<Arguments> cases() {
        Backup deleting = scheduled("20250117003000", "Completed");
        deleting.getMetadata().setDeletionTimestamp("2025-01-17T05:00:00Z");
        return Stream.of(
                Arguments.of("no keepLast keeps everything", null, List.of(T1, T2, T3, T4), List.of()),
                Arguments.of("fewer than keepLast", 5, List.of(T1, T2, T3, T4), List.of()),
                Arguments.of("exactly keepLast", 4, List.of(T1, T2, T3, T4), List.of()),
                Arguments.of("oldest beyond keepLast, newest first", 2, List.of(T3, T1, T4, T2),
                        List.of("kcm-20250117020000", "kcm-20250117010000")),
                Arguments.of("keepLast 1", 1, List.of(T1, T2, T3), List.of("kcm-20250117020000", "kcm-20250117010000")),
                Arguments.of("incomplete backups neither count nor go", 1,
                        List.of(T1, scheduled("20250117050000", "Failed"), scheduled("20250117060000", "InProgress"),
                                scheduled("20250117000000", "PartiallyFailed"), T2),
                        List.of("kcm-20250117010000")),
                Arguments.of("someone else's backups are never touched", 1,
                        List.of(T1, T2, backup("kcm-20250116000000", null, "Completed", null, false),
                                backup("kcm-20250116010000", "other", "Completed", null, false)),
                        List.of("kcm-20250117010000")),
                Arguments.of("the single on-demand backup is never touched", 1,
                        List.of(T1, T2, backup("kcm", "kcm", "Completed", null, false)), List.of("kcm-20250117010000")),
                Arguments.of("pre-upgrade backups are never touched", 1,
                        List.of(T1, T2, backup("kcm-20250116000000", "kcm", "Completed", null, true)),
                        List.of("kcm-20250117010000")),
                Arguments.of("the slot annotation wins over the name", 1,
                        List.of(backup("kcm-custom", "kcm", "Completed", "2025-01-18T00:00:00Z", false), T4),
                        List.of("kcm-20250117040000")),
                Arguments.of("a backup already being deleted is not asked again", 1, List.of(T1, deleting),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepLastDeletesOnlyOlderCompletedScheduledBackupsOfItsOwn(String description, Integer keepLast, List<Backup> backups,
            List<String> expected) {
        assertThat(RetentionPolicy.beyondKeepLast(mb(keepLast), backups)).containsExactlyElementsOf(expected);
    }
}
