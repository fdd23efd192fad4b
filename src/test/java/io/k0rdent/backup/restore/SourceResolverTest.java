package io.k0rdent.backup.restore;

import static io.k0rdent.backup.restore.RestoreFixtures.NS;
import static io.k0rdent.backup.restore.RestoreFixtures.backup;
import static io.k0rdent.backup.restore.RestoreFixtures.latestOf;
import static io.k0rdent.backup.restore.RestoreFixtures.restoreOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.restore.SourceResolver.Found;
import io.k0rdent.backup.restore.SourceResolver.Resolution;
import io.k0rdent.backup.restore.SourceResolver.Unavailable;

class SourceResolverTest {

    static final Backup OLDER = backup("kcm-20250117120000", "kcm", "Completed", "2025-01-17T12:00:20Z",
            "2025-01-17T12:00:00Z", List.of());
    static final Backup NEWER = backup("kcm-20250117180000", "kcm", "Completed", "2025-01-17T18:00:20Z",
            "2025-01-17T18:00:00Z", List.of());
    static final Backup NEWEST_FAILED = backup("kcm-20250118000000", "kcm", "PartiallyFailed", "2025-01-18T00:00:30Z",
            "2025-01-18T00:00:00Z", List.of());
    static final Backup RUNNING = backup("kcm-20250118060000", "kcm", "InProgress", null, "2025-01-18T06:00:00Z", List.of());

    static Stream<Arguments> latest() {
        return Stream.of(
                Arguments.of(List.of(OLDER, NEWER), "kcm-20250117180000"),
                Arguments.of(List.of(NEWER, OLDER), "kcm-20250117180000"),
                // only Completed backups count, however new the others are
                Arguments.of(List.of(OLDER, NEWER, NEWEST_FAILED, RUNNING), "kcm-20250117180000"),
                Arguments.of(List.of(OLDER, NEWEST_FAILED), "kcm-20250117120000"),
                // same completion: the later slot wins
                Arguments.of(List.of(backup("kcm-a", "kcm", "Completed", "2025-01-17T18:00:20Z", "2025-01-17T17:00:00Z", null),
                        backup("kcm-b", "kcm", "Completed", "2025-01-17T18:00:20Z", "2025-01-17T18:00:00Z", null)), "kcm-b"));
    }

    @ParameterizedTest
    @MethodSource("latest")
    void fromManagementBackupPicksTheNewestCompletedBackup(List<Backup> backups, String expected) {
        Resolution resolution = SourceResolver.resolve(latestOf("dr", "kcm").getSpec(), Optional.empty(), backups, null, NS);

        assertThat(resolution).isInstanceOfSatisfying(Found.class,
                f -> assertThat(f.backup().getMetadata().getName()).isEqualTo(expected));
    }

    @Test
    void aRestartReusesTheBackupTheFirstAttemptRestored() {
        Resolution resolution = SourceResolver.resolve(latestOf("dr", "kcm").getSpec(), Optional.empty(),
                List.of(OLDER, NEWER), "kcm-20250117120000", NS);

        assertThat(resolution).isInstanceOfSatisfying(Found.class,
                f -> assertThat(f.backup().getMetadata().getName()).isEqualTo("kcm-20250117120000"));
    }

    @Test
    void aRestartWhoseBackupIsGoneSaysSo() {
        Resolution resolution = SourceResolver.resolve(latestOf("dr", "kcm").getSpec(), Optional.empty(), List.of(NEWER),
                "kcm-20250117120000", NS);

        assertThat(resolution).isInstanceOfSatisfying(Unavailable.class, u -> {
            assertThat(u.reason()).isEqualTo("BackupNotFound");
            assertThat(u.message()).contains("kcm-20250117120000").contains("spec.backupName");
        });
    }

    static Stream<Arguments> unavailable() {
        return Stream.of(
                Arguments.of(restoreOf("dr", "missing").getSpec(), Optional.empty(), List.of(), "BackupNotFound",
                        "Velero Backup missing not found in namespace kcm-system"),
                Arguments.of(restoreOf("dr", "kcm-20250118060000").getSpec(), Optional.of(RUNNING), List.of(),
                        "BackupNotCompleted", "Velero Backup kcm-20250118060000 is InProgress; the restore starts when it is Completed"),
                Arguments.of(restoreOf("dr", "kcm-20250118000000").getSpec(), Optional.of(NEWEST_FAILED), List.of(),
                        "BackupNotCompleted", "Velero Backup kcm-20250118000000 ended PartiallyFailed; only Completed backups are restored"),
                Arguments.of(restoreOf("dr", "new").getSpec(), Optional.of(backup("new", null, null, null, null, null)), List.of(),
                        "BackupNotCompleted", "Velero Backup new is New"),
                Arguments.of(latestOf("dr", "kcm").getSpec(), Optional.empty(), List.of(RUNNING, NEWEST_FAILED),
                        "NoCompletedBackup", "ManagementBackup kcm has no Completed Velero Backup in namespace kcm-system (found 2, none Completed)"),
                Arguments.of(latestOf("dr", "kcm").getSpec(), Optional.empty(), List.of(), "NoCompletedBackup", "(none found)"),
                Arguments.of(both(), Optional.empty(), List.of(), "InvalidSpec", "set exactly one of"),
                Arguments.of(new ManagementRestoreSpec(), Optional.empty(), List.of(), "InvalidSpec", "set exactly one of"),
                Arguments.of(rollbackTo("Kcm 0.2"), Optional.of(NEWER), List.of(), "InvalidSpec",
                        "spec.rollbackToRelease \"Kcm 0.2\" is not a valid Release name"));
    }

    @ParameterizedTest
    @MethodSource("unavailable")
    void problemsAreNamedInWords(ManagementRestoreSpec spec, Optional<Backup> named, List<Backup> owned, String reason,
            String message) {
        Resolution resolution = SourceResolver.resolve(spec, named, owned, null, NS);

        assertThat(resolution).isInstanceOfSatisfying(Unavailable.class, u -> {
            assertThat(u.reason()).isEqualTo(reason);
            assertThat(u.message()).contains(message);
        });
    }

    @Test
    void aCompletedBackupByNameIsFoundWhoeverCreatedIt() {
        Backup manual = backup("manual", null, "Completed", "2025-01-17T18:00:20Z", null, null);

        Resolution resolution = SourceResolver.resolve(restoreOf("dr", "manual").getSpec(), Optional.of(manual), List.of(),
                null, NS);

        assertThat(resolution).isEqualTo(new Found(manual));
    }

    static ManagementRestoreSpec both() {
        ManagementRestoreSpec spec = restoreOf("dr", "a").getSpec();
        spec.setFromManagementBackup("kcm");
        return spec;
    }

    static ManagementRestoreSpec rollbackTo(String release) {
        ManagementRestoreSpec spec = restoreOf("dr", "kcm-20250117180000").getSpec();
        spec.setRollbackToRelease(release);
        return spec;
    }
}
