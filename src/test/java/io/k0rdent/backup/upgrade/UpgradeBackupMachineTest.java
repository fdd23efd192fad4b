package io.k0rdent.backup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.status.StatusEvents.EventSpec;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine.Create;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine.DeleteStale;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine.ObservedBackup;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine.Observation;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine.Step;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine.Wait;

class UpgradeBackupMachineTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofHours(1);
    static final String NAME = "example-backup-kcm-0-2-0";
    static final String RELEASE = "kcm-0-2-0";

    @ParameterizedTest(name = "Velero phase \"{0}\" is {1}")
    @CsvSource(nullValues = "null", value = {
            "null, STARTING", "'', STARTING", "New, STARTING", "Queued, STARTING", "ReadyToStart, STARTING",
            "InProgress, ACTIVE", "WaitingForPluginOperations, ACTIVE", "WaitingForPluginOperationsPartiallyFailed, ACTIVE",
            "Finalizing, ACTIVE", "FinalizingPartiallyFailed, ACTIVE", "SomethingNewer, ACTIVE",
            "Completed, SUCCEEDED", "Failed, ERROR", "PartiallyFailed, ERROR", "FailedValidation, ERROR" })
    void veleroPhaseMapsToAState(String phase, UpgradeBackupState state) {
        assertThat(UpgradeBackupMachine.stateOf(phase)).isEqualTo(state);
    }

    /**
     * One row: the previous status (null: never reconciled), what is observed, how long after T0 it is, and what must
     * follow. {@code backup} is "phase@attempt" ("-" for no phase, attempt "none" for no annotation), or null for none.
     */
    static Stream<Arguments> transitions() {
        return Stream.of(
                row("first look, nothing there: create attempt 1", null, null, null, null, 0,
                        UpgradeBackupState.STARTING, Create.class, 1),
                row("first look while Velero is missing: wait", null, null, "Velero is not installed", null, 0,
                        UpgradeBackupState.PREPARING_TO_START, Wait.class, 1),
                row("still blocked at the deadline: timeout", status(UpgradeBackupState.PREPARING_TO_START, 1, null), null,
                        "Velero is not installed", null, 3600, UpgradeBackupState.TIMEOUT, Wait.class, 1),
                row("kcm's running backup found at first look: adopted", null, "InProgress@none", null, null, 0,
                        UpgradeBackupState.ACTIVE, Wait.class, 1),
                row("completed backup found at first look: adopted", null, "Completed@none", null, null, 0,
                        UpgradeBackupState.SUCCEEDED, Wait.class, 1),
                row("failed leftover found at first look: cleaned up", null, "Failed@none", null, null, 0,
                        UpgradeBackupState.PREPARING_TO_START, DeleteStale.class, 1),
                row("leftover while a restore runs: nothing deleted yet", status(UpgradeBackupState.PREPARING_TO_START, 2, "a"),
                        "Failed@1", "Velero Restore r-1 is InProgress", "a", 60, UpgradeBackupState.PREPARING_TO_START,
                        Wait.class, 2),
                row("own backup adopted even while blocked", status(UpgradeBackupState.PREPARING_TO_START, 1, null),
                        "InProgress@1", "Velero Restore r-1 is InProgress", null, 60, UpgradeBackupState.ACTIVE, Wait.class, 1),
                row("own backup after a lost status write: adopted", status(UpgradeBackupState.PREPARING_TO_START, 2, "a"),
                        "Completed@2", null, "a", 60, UpgradeBackupState.SUCCEEDED, Wait.class, 2),
                row("created, not yet in the cache", status(UpgradeBackupState.STARTING, 1, null), null, null, null, 1,
                        UpgradeBackupState.STARTING, Wait.class, 1),
                row("created, no phase yet", status(UpgradeBackupState.STARTING, 1, null), "-@1", null, null, 1,
                        UpgradeBackupState.STARTING, Wait.class, 1),
                row("queued", status(UpgradeBackupState.STARTING, 1, null), "Queued@1", null, null, 5,
                        UpgradeBackupState.STARTING, Wait.class, 1),
                row("in progress", status(UpgradeBackupState.STARTING, 1, null), "InProgress@1", null, null, 5,
                        UpgradeBackupState.ACTIVE, Wait.class, 1),
                row("completed", status(UpgradeBackupState.ACTIVE, 1, null), "Completed@1", null, null, 600,
                        UpgradeBackupState.SUCCEEDED, Wait.class, 1),
                row("failed", status(UpgradeBackupState.ACTIVE, 1, null), "Failed@1", null, null, 600,
                        UpgradeBackupState.ERROR, Wait.class, 1),
                row("partially failed", status(UpgradeBackupState.ACTIVE, 1, null), "PartiallyFailed@1", null, null, 600,
                        UpgradeBackupState.ERROR, Wait.class, 1),
                row("rejected by validation, never completed", status(UpgradeBackupState.STARTING, 1, null),
                        "FailedValidation@1", null, null, 2, UpgradeBackupState.ERROR, Wait.class, 1),
                row("deleted while running", status(UpgradeBackupState.ACTIVE, 1, null), null, null, null, 600,
                        UpgradeBackupState.ERROR, Wait.class, 1),
                row("one second before the deadline", status(UpgradeBackupState.STARTING, 1, null), "New@1", null, null, 3599,
                        UpgradeBackupState.STARTING, Wait.class, 1),
                row("no answer by the deadline", status(UpgradeBackupState.ACTIVE, 1, null), "InProgress@1", null, null, 3600,
                        UpgradeBackupState.TIMEOUT, Wait.class, 1),
                row("completes after the deadline", status(UpgradeBackupState.TIMEOUT, 1, null), "Completed@1", null, null, 7200,
                        UpgradeBackupState.SUCCEEDED, Wait.class, 1),
                row("timed out, still running, no retry asked", status(UpgradeBackupState.TIMEOUT, 1, null), "InProgress@1", null,
                        null, 7200, UpgradeBackupState.TIMEOUT, Wait.class, 1),
                row("retry after timeout: the stuck backup is deleted first", status(UpgradeBackupState.TIMEOUT, 1, null),
                        "InProgress@1", null, "1", 7200, UpgradeBackupState.PREPARING_TO_START, DeleteStale.class, 2),
                row("retry after error, leftover already gone: create attempt 3", status(UpgradeBackupState.ERROR, 2, "x"), null,
                        null, "y", 7200, UpgradeBackupState.STARTING, Create.class, 3),
                row("same retry value again: nothing happens", status(UpgradeBackupState.ERROR, 1, "x"), "Failed@1", null, "x",
                        7200, UpgradeBackupState.ERROR, Wait.class, 1),
                row("retry asked while running: remembered, not acted on", status(UpgradeBackupState.ACTIVE, 1, null),
                        "InProgress@1", null, "z", 60, UpgradeBackupState.ACTIVE, Wait.class, 1),
                row("retry asked after success: remembered, not acted on", status(UpgradeBackupState.SUCCEEDED, 1, null),
                        "Completed@1", null, "z", 60, UpgradeBackupState.SUCCEEDED, Wait.class, 1),
                row("an earlier attempt's backup seen while starting: cleaned up again",
                        status(UpgradeBackupState.STARTING, 2, "a"), "Failed@1", null, "a", 60,
                        UpgradeBackupState.PREPARING_TO_START, DeleteStale.class, 2),
                row("a backup annotated by no attempt of ours is a leftover", status(UpgradeBackupState.PREPARING_TO_START, 1, null),
                        "Completed@bogus", null, null, 60, UpgradeBackupState.PREPARING_TO_START, DeleteStale.class, 1),
                row("a retry value present at creation is no retry", null, null, null, "early", 0,
                        UpgradeBackupState.STARTING, Create.class, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String description, UpgradeBackupStatus previous, String backup, String blocker, String retry, long seconds,
            UpgradeBackupState state, Class<?> action, int attempt) {
        Step step = UpgradeBackupMachine.next(previous, observation(backup, blocker, retry), TIMEOUT, T0.plusSeconds(seconds));

        assertThat(step.status().getState()).isEqualTo(state);
        assertThat(step.action()).isInstanceOf(action);
        assertThat(step.status().getAttempt()).isEqualTo(attempt);
        assertThat(step.status().getRelease()).isEqualTo(RELEASE);
        assertThat(step.status().getMessage()).isNotBlank();
        if (action == Create.class) {
            assertThat(step.action()).isEqualTo(new Create(NAME, attempt));
        }
        if (action == DeleteStale.class) {
            assertThat(step.action()).isEqualTo(new DeleteStale(NAME, attempt));
        }
        if (retry != null) {
            assertThat(step.status().getHandledRetry()).isEqualTo(retry);
        }
        if (state.isTerminal() && (previous == null || previous.getState() != state)) {
            assertThat(step.status().getCompletedAt()).isEqualTo(T0.plusSeconds(seconds).toString());
        }
    }

    @Test
    void aNewAttemptGetsItsOwnStartAndDeadline() {
        Instant now = T0.plus(Duration.ofHours(3));
        Step step = UpgradeBackupMachine.next(status(UpgradeBackupState.TIMEOUT, 1, null), observation(null, null, "retry-1"),
                TIMEOUT, now);

        assertThat(step.status().getStartedAt()).isEqualTo(now.toString());
        assertThat(step.status().getDeadline()).isEqualTo(now.plus(TIMEOUT).toString());
        assertThat(step.status().getCompletedAt()).isNull();
        assertThat(step.wakeAt()).contains(now.plus(TIMEOUT));
    }

    @Test
    void theDeadlineIsWhenToLookAgainUntilTheStateIsFinal() {
        Step running = UpgradeBackupMachine.next(null, observation(null, null, null), TIMEOUT, T0);
        assertThat(running.wakeAt()).contains(T0.plus(TIMEOUT));

        Step done = UpgradeBackupMachine.next(running.status(), observation("Completed@1", null, null), TIMEOUT, T0.plusSeconds(9));
        assertThat(done.wakeAt()).isEmpty();
    }

    @Test
    void failedValidationEndsInErrorWithVelerosReasons() {
        Backup backup = backup("FailedValidation", "1");
        backup.getStatus().setValidationErrors(List.of("backup storage location 'missing' not found"));
        Step step = UpgradeBackupMachine.next(status(UpgradeBackupState.STARTING, 1, null),
                new Observation(RELEASE, NAME, Optional.of(ObservedBackup.of(backup)), Optional.empty(), null), TIMEOUT,
                T0.plusSeconds(3));

        assertThat(step.status().getState()).isEqualTo(UpgradeBackupState.ERROR);
        assertThat(step.status().getMessage()).startsWith("Velero backup " + NAME
                + " ended FailedValidation: backup storage location 'missing' not found; to retry, annotate this "
                + "ManagementBackup with " + Labels.RETRY_UPGRADE_BACKUP_ANNOTATION);
    }

    @Test
    void timeoutSaysHowLongItWaitedAndHowToRetry() {
        Step step = UpgradeBackupMachine.next(status(UpgradeBackupState.ACTIVE, 1, null), observation("InProgress@1", null, null),
                Duration.ofMinutes(90), T0.plus(Duration.ofMinutes(90)));

        assertThat(step.status().getMessage()).isEqualTo("no result within 1h30m: Velero backup " + NAME
                + " is InProgress; to retry, annotate this ManagementBackup with " + Labels.RETRY_UPGRADE_BACKUP_ANNOTATION
                + "=<new value>");
    }

    @Test
    void aBackupThatCouldNotBeCreatedIsAnError() {
        Step step = UpgradeBackupMachine.next(null, observation(null, null, null), TIMEOUT, T0);
        UpgradeBackupStatus created = UpgradeBackupMachine.afterCreate(step.status(), null, T0);
        UpgradeBackupStatus failed = UpgradeBackupMachine.afterCreate(step.status(), "a Velero Backup named x already exists",
                T0);

        assertThat(created.getState()).isEqualTo(UpgradeBackupState.STARTING);
        assertThat(failed.getState()).isEqualTo(UpgradeBackupState.ERROR);
        assertThat(failed.getMessage()).startsWith("a Velero Backup named x already exists; to retry");
    }

    @Test
    void aReleaseOtherThanTheRecordedOneStartsOver() {
        UpgradeBackupStatus other = status(UpgradeBackupState.SUCCEEDED, 4, null);
        other.setRelease("kcm-0-1-0");
        Step step = UpgradeBackupMachine.next(other, observation(null, null, null), TIMEOUT, T0);

        assertThat(step.status().getAttempt()).isEqualTo(1);
        assertThat(step.status().getRelease()).isEqualTo(RELEASE);
    }

    @Test
    void attemptsAreRecognisedByTheirAnnotation() {
        assertThat(UpgradeBackupMachine.belongsTo(ObservedBackup.of(backup("Completed", null)), 1)).isTrue();
        assertThat(UpgradeBackupMachine.belongsTo(ObservedBackup.of(backup("Completed", null)), 2)).isFalse();
        assertThat(UpgradeBackupMachine.belongsTo(ObservedBackup.of(backup("Completed", "2")), 2)).isTrue();
        assertThat(UpgradeBackupMachine.belongsTo(ObservedBackup.of(backup("Completed", "2")), 1)).isFalse();
        assertThat(UpgradeBackupMachine.belongsTo(ObservedBackup.of(backup("Completed", "x")), 1)).isFalse();
    }

    static Stream<Arguments> eventCases() {
        return Stream.of(
                Arguments.of(null, status(UpgradeBackupState.STARTING, 1, null), List.of()),
                Arguments.of(status(UpgradeBackupState.STARTING, 1, null), status(UpgradeBackupState.ACTIVE, 1, null), List.of()),
                Arguments.of(status(UpgradeBackupState.ACTIVE, 1, null), status(UpgradeBackupState.SUCCEEDED, 1, null),
                        List.of("UpgradeBackupSucceeded")),
                Arguments.of(status(UpgradeBackupState.ACTIVE, 1, null), status(UpgradeBackupState.ERROR, 1, null),
                        List.of("UpgradeBackupFailed")),
                Arguments.of(status(UpgradeBackupState.ACTIVE, 1, null), status(UpgradeBackupState.TIMEOUT, 1, null),
                        List.of("UpgradeBackupTimeout")),
                Arguments.of(status(UpgradeBackupState.TIMEOUT, 1, null), status(UpgradeBackupState.TIMEOUT, 1, null), List.of()),
                Arguments.of(status(UpgradeBackupState.TIMEOUT, 1, null), status(UpgradeBackupState.PREPARING_TO_START, 2, "r"),
                        List.of("UpgradeBackupRetry")),
                Arguments.of(status(UpgradeBackupState.ERROR, 1, null), status(UpgradeBackupState.ERROR, 2, "r"),
                        List.of("UpgradeBackupRetry", "UpgradeBackupFailed")));
    }

    @ParameterizedTest
    @MethodSource("eventCases")
    void stateChangesAreWorthEvents(UpgradeBackupStatus before, UpgradeBackupStatus after, List<String> reasons) {
        assertThat(UpgradeBackupMachine.events(before, after)).extracting(EventSpec::reason).containsExactlyElementsOf(reasons);
    }

    @ParameterizedTest
    @CsvSource({ "PT1H, 1h", "PT1H30M, 1h30m", "PT45S, 45s", "PT2M5S, 2m5s", "PT0S, 0s", "PT24H, 24h" })
    void durationsReadAsInTheConfiguration(Duration duration, String words) {
        assertThat(UpgradeBackupMachine.words(duration)).isEqualTo(words);
    }

    // --- helpers ---

    static Arguments row(String description, UpgradeBackupStatus previous, String backup, String blocker, String retry,
            long seconds, UpgradeBackupState state, Class<?> action, int attempt) {
        return Arguments.of(description, previous, backup, blocker, retry, seconds, state, action, attempt);
    }

    /** A status as of attempt {@code attempt}, which started at T0. */
    static UpgradeBackupStatus status(UpgradeBackupState state, int attempt, String handledRetry) {
        UpgradeBackupStatus status = new UpgradeBackupStatus();
        status.setState(state);
        status.setRelease(RELEASE);
        status.setAttempt(attempt);
        status.setStartedAt(T0.toString());
        status.setDeadline(T0.plus(TIMEOUT).toString());
        status.setHandledRetry(handledRetry);
        status.setMessage("before");
        if (state.isTerminal()) {
            status.setCompletedAt(T0.plusSeconds(30).toString());
        }
        return status;
    }

    static Observation observation(String backup, String blocker, String retry) {
        Optional<ObservedBackup> observed = Optional.empty();
        if (backup != null) {
            String[] parts = backup.split("@");
            observed = Optional.of(ObservedBackup.of(backup("-".equals(parts[0]) ? null : parts[0],
                    "none".equals(parts[1]) ? null : parts[1])));
        }
        return new Observation(RELEASE, NAME, observed, Optional.ofNullable(blocker), retry);
    }

    static Backup backup(String phase, String attempt) {
        Backup backup = new Backup();
        backup.getMetadata().setName(NAME);
        if (attempt != null) {
            backup.getMetadata().getAnnotations().put(Labels.UPGRADE_BACKUP_ATTEMPT_ANNOTATION, attempt);
        }
        BackupStatus status = new BackupStatus();
        status.setPhase(phase);
        backup.setStatus(status);
        return backup;
    }
}
