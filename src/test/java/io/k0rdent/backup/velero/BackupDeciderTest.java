package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.velero.BackupDecider.Create;
import io.k0rdent.backup.velero.BackupDecider.Decision;
import io.k0rdent.backup.velero.BackupDecider.Nothing;
import io.k0rdent.backup.velero.BackupDecider.Skip;

class BackupDeciderTest {

    static final Instant CREATED = Instant.parse("2025-01-17T15:50:12Z");
    static final StorageLocationCheck OK = new StorageLocationCheck(true, false, "Available", "ok");

    static ManagementBackup mb(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        mb.getMetadata().setCreationTimestamp(CREATED.toString());
        mb.getMetadata().setGeneration(1L);
        mb.getSpec().setSchedule(schedule);
        return mb;
    }

    static BackupDecider.Observation observed(Backup... backups) {
        return new BackupDecider.Observation(true, OK, List.of(backups));
    }

    static Backup backup(String name, String phase) {
        Backup b = new Backup();
        b.getMetadata().setName(name);
        b.getMetadata().setLabels(Map.of(Labels.MANAGEMENT_BACKUP, "kcm"));
        if (phase != null) {
            BackupStatus status = new BackupStatus();
            status.setPhase(phase);
            b.setStatus(status);
        }
        return b;
    }

    @Test
    void onDemandBackupIsTakenOnceUnderTheObjectsName() {
        ManagementBackup mb = mb("example-backup", null);
        Decision first = BackupDecider.decide(mb, observed(), CREATED);
        assertThat(first.action()).isEqualTo(new Create("example-backup", null));
        assertThat(first.nextAttempt()).isEmpty();

        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setLastBackupName("example-backup");
        mb.setStatus(status);
        assertThat(BackupDecider.decide(mb, observed(), CREATED.plusSeconds(3600)).action()).isEqualTo(new Nothing());
    }

    @ParameterizedTest
    @CsvSource({
            "0 */6 * * *, 2025-01-17T17:59:59Z, , 2025-01-17T18:00:00Z",
            "0 */6 * * *, 2025-01-17T18:00:00Z, kcm-20250117180000, 2025-01-18T00:00:00Z",
            "0 */6 * * *, 2025-01-17T18:00:00.900Z, kcm-20250117180000, 2025-01-18T00:00:00Z",
            "@hourly, 2025-01-17T16:00:00Z, kcm-20250117160000, 2025-01-17T17:00:00Z",
            "@every 1h30m, 2025-01-17T17:20:12Z, kcm-20250117172012, 2025-01-17T18:50:12Z",
            "0 */6 * * *, 2025-01-20T20:00:00Z, kcm-20250120180000, 2025-01-21T00:00:00Z",
    })
    void scheduledBackupIsDueAtItsSlotAndNamedAfterIt(String schedule, String now, String expectedName, String next) {
        Decision decision = BackupDecider.decide(mb("kcm", schedule), observed(), Instant.parse(now));
        if (expectedName == null) {
            assertThat(decision.action()).isEqualTo(new Nothing());
        } else {
            assertThat(decision.action()).isInstanceOf(Create.class);
            assertThat(((Create) decision.action()).name()).isEqualTo(expectedName);
        }
        assertThat(decision.nextAttempt()).contains(Instant.parse(next));
    }

    @Test
    void theSameInputsAlwaysGiveTheSameBackupName() {
        Instant now = Instant.parse("2025-01-17T18:00:00.400Z");
        assertThat(BackupDecider.decide(mb("kcm", "0 */6 * * *"), observed(), now))
                .isEqualTo(BackupDecider.decide(mb("kcm", "0 */6 * * *"), observed(), now));
    }

    @Test
    void theNextSlotIsCountedFromTheLastBackupTime() {
        ManagementBackup mb = mb("kcm", "0 */6 * * *");
        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setLastBackupName("kcm-20250117180000");
        status.setLastBackupTime("2025-01-17T18:00:00Z");
        mb.setStatus(status);
        Decision decision = BackupDecider.decide(mb, observed(backup("kcm-20250117180000", "Completed")),
                Instant.parse("2025-01-17T23:00:00Z"));
        assertThat(decision.action()).isEqualTo(new Nothing());
        assertThat(decision.nextAttempt()).contains(Instant.parse("2025-01-18T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({ "New", "Queued", "ReadyToStart", "InProgress", "''" })
    void aSlotIsSkippedWhileAnotherBackupOfTheSameObjectRuns(String phase) {
        Decision decision = BackupDecider.decide(mb("kcm", "0 */6 * * *"),
                observed(backup("kcm-20250117120000", phase.isEmpty() ? null : phase)), Instant.parse("2025-01-17T18:00:00Z"));
        assertThat(decision.action()).isInstanceOf(Skip.class);
        assertThat(((Skip) decision.action()).slot()).isEqualTo(Instant.parse("2025-01-17T18:00:00Z"));
        assertThat(((Skip) decision.action()).reason()).contains("kcm-20250117120000");
    }

    @ParameterizedTest
    @CsvSource({ "Completed", "PartiallyFailed", "Failed", "FailedValidation" })
    void finishedBackupsDoNotHoldTheNextSlot(String phase) {
        Decision decision = BackupDecider.decide(mb("kcm", "0 */6 * * *"), observed(backup("kcm-20250117120000", phase)),
                Instant.parse("2025-01-17T18:00:00Z"));
        assertThat(decision.action()).isEqualTo(new Create("kcm-20250117180000", Instant.parse("2025-01-17T18:00:00Z")));
    }

    @Test
    void aRunningBackupWithTheSlotsOwnNameIsNotAReasonToSkip() {
        Decision decision = BackupDecider.decide(mb("kcm", "0 */6 * * *"), observed(backup("kcm-20250117180000", "New")),
                Instant.parse("2025-01-17T18:00:01Z"));
        assertThat(decision.action()).isInstanceOf(Create.class);
    }

    @Test
    void skippedSlotIsNotTakenLater() {
        ManagementBackup mb = mb("kcm", "0 */6 * * *");
        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setLastSlot("2025-01-17T18:00:00Z");
        mb.setStatus(status);
        Decision decision = BackupDecider.decide(mb, observed(), Instant.parse("2025-01-17T19:00:00Z"));
        assertThat(decision.action()).isEqualTo(new Nothing());
        assertThat(decision.nextAttempt()).contains(Instant.parse("2025-01-18T00:00:00Z"));
    }

    @Test
    void invalidScheduleBlocksWithTheParsersMessage() {
        Decision decision = BackupDecider.decide(mb("kcm", "61 * * * *"), observed(), CREATED);
        assertThat(decision.action()).isEqualTo(new Nothing());
        assertThat(decision.blocker()).hasValueSatisfying(b -> {
            assertThat(b.condition()).isEqualTo(BackupDecider.SCHEDULE_VALID);
            assertThat(b.message()).isEqualTo("invalid schedule \"61 * * * *\": minute value 61 is out of range 0-59");
        });
    }

    @Test
    void missingVeleroOrLocationBlocksButKeepsTheNextSlot() {
        ManagementBackup mb = mb("kcm", "0 */6 * * *");
        Decision noVelero = BackupDecider.decide(mb, new BackupDecider.Observation(false, OK, List.of()),
                Instant.parse("2025-01-17T18:00:00Z"));
        assertThat(noVelero.blocker()).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("VeleroNotInstalled"));
        assertThat(noVelero.nextAttempt()).contains(Instant.parse("2025-01-17T18:00:00Z"));

        StorageLocationCheck missing = new StorageLocationCheck(false, true, "NotFound", "BackupStorageLocation missing");
        Decision noLocation = BackupDecider.decide(mb, new BackupDecider.Observation(true, missing, List.of()),
                Instant.parse("2025-01-17T18:00:00Z"));
        assertThat(noLocation.action()).isEqualTo(new Nothing());
        assertThat(noLocation.blocker()).hasValueSatisfying(b -> assertThat(b.message()).isEqualTo("BackupStorageLocation missing"));
    }

    @Test
    void suspendedScheduleTakesNoBackups() {
        ManagementBackup mb = mb("kcm", "0 */6 * * *");
        mb.getSpec().setSuspend(true);
        Decision decision = BackupDecider.decide(mb, observed(), Instant.parse("2025-01-17T18:00:00Z"));
        assertThat(decision.action()).isEqualTo(new Nothing());
    }

    @Test
    void immediateTakesTheFirstBackupAtCreation() {
        ManagementBackup mb = mb("kcm", "0 */6 * * *");
        mb.getSpec().setImmediate(true);
        Decision decision = BackupDecider.decide(mb, observed(), CREATED.plusMillis(300));
        assertThat(decision.action()).isEqualTo(new Create("kcm-20250117155012", CREATED));
        assertThat(decision.nextAttempt()).contains(Instant.parse("2025-01-17T18:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({"2026-12-03T16:25:00Z", "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z", "2026-12-03T16:25:00.5Z",
            "2026-12-03T16:25:00.123456789Z", "2026-12-03T16:25:00+01:00"})
    void timesAreReadAsInstantReadsThem(String value) {
        assertThat(BackupDecider.parseTime(value)).contains(Instant.parse(value));
    }

    @ParameterizedTest
    @CsvSource({"2026-13-03T16:25:00Z", "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-12-03T16:60:00Z", "2026-12-03T16:25:60Z", "2026-12-0xT16:25:00Z", "2026-12-03 16:25:00Z", "yesterday", "' '"})
    void whatIsNoTimeIsNone(String value) {
        assertThat(BackupDecider.parseTime(value)).isEmpty();
    }

    @Test
    void everySecondOfTheFormTheServerWritesIsReadAsInstantReadsIt() {
        java.util.Random random = new java.util.Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            // fields a little out of range too: those are none, as for Instant.parse
            String value = "%04d-%02d-%02dT%02d:%02d:%02dZ".formatted(random.nextInt(3000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61));
            java.util.Optional<Instant> expected;
            try {
                expected = java.util.Optional.of(Instant.parse(value));
            } catch (java.time.format.DateTimeParseException e) {
                expected = java.util.Optional.empty();
            }
            assertThat(BackupDecider.parseTime(value)).as(value).isEqualTo(expected);
        }
    }
}
