package io.k0rdent.backup.restore;

import static io.k0rdent.backup.restore.RestoreFixtures.NS;
import static io.k0rdent.backup.restore.RestoreFixtures.completed;
import static io.k0rdent.backup.restore.RestoreFixtures.restoreOf;
import static io.k0rdent.backup.restore.RestoreFixtures.veleroRestore;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Condition;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreStatus;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.RestoreProgress;
import io.k0rdent.backup.restore.RestoreDecider.Blocker;
import io.k0rdent.backup.restore.RestoreDecider.Decision;
import io.k0rdent.backup.restore.RestoreDecider.Observation;

class RestoreStatusCalculatorTest {

    static final String BACKUP = "kcm-20250117180012";
    static final Instant NOW = Instant.parse("2025-01-20T10:00:00Z");

    static ManagementRestoreStatus step(ManagementRestore mr, Optional<Restore> current, AttemptOutcome outcome) {
        Decision decision = RestoreDecider.decide(mr, new Observation(true, NS, current,
                () -> new SourceResolver.Found(completed(BACKUP, List.of()))));
        return RestoreStatusCalculator.next(mr, decision, outcome, current, NOW);
    }

    static ManagementRestore running(String name) {
        ManagementRestore mr = restoreOf(name, BACKUP);
        ManagementRestoreStatus status = new ManagementRestoreStatus();
        status.setAttempt(1);
        status.setRestoreName(name + "-1");
        status.setBackupName(BACKUP);
        status.setPhase(RestorePhase.InProgress);
        mr.setStatus(status);
        return mr;
    }

    static Condition condition(ManagementRestoreStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    static Stream<Arguments> phases() {
        return Stream.of(
                Arguments.of(null, RestorePhase.InProgress, "False", "False", "False"),
                Arguments.of("New", RestorePhase.InProgress, "False", "False", "False"),
                Arguments.of("InProgress", RestorePhase.InProgress, "False", "False", "False"),
                Arguments.of("WaitingForPluginOperations", RestorePhase.InProgress, "False", "False", "False"),
                Arguments.of("Finalizing", RestorePhase.InProgress, "False", "False", "False"),
                Arguments.of("Completed", RestorePhase.Completed, "True", "True", "False"),
                Arguments.of("PartiallyFailed", RestorePhase.PartiallyFailed, "False", "False", "True"),
                Arguments.of("Failed", RestorePhase.Failed, "False", "False", "True"),
                Arguments.of("FailedValidation", RestorePhase.Failed, "False", "False", "True"));
    }

    @ParameterizedTest
    @MethodSource("phases")
    void veleroPhasesMapToPhaseAndConditions(String veleroPhase, RestorePhase phase, String ready, String complete,
            String failed) {
        ManagementRestoreStatus status = step(running("dr"), Optional.of(veleroRestore("dr-1", veleroPhase)),
                AttemptOutcome.NOTHING);

        assertThat(status.getPhase()).isEqualTo(phase);
        assertThat(condition(status, "Ready").getStatus()).isEqualTo(ready);
        assertThat(condition(status, "Complete").getStatus()).isEqualTo(complete);
        assertThat(condition(status, "Failed").getStatus()).isEqualTo(failed);
        assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1L));
    }

    @Test
    void progressAndCountsAreMirrored() {
        Restore restore = veleroRestore("dr-1", "InProgress");
        RestoreProgress progress = new RestoreProgress();
        progress.setItemsRestored(40);
        progress.setTotalItems(78);
        restore.getStatus().setProgress(progress);
        restore.getStatus().setWarnings(2);
        restore.getStatus().setStartTimestamp("2025-01-20T09:59:00Z");

        ManagementRestoreStatus status = step(running("dr"), Optional.of(restore), AttemptOutcome.NOTHING);

        assertThat(status.getRestore()).isEqualTo(restore.getStatus());
        assertThat(status.getRestore()).isNotSameAs(restore.getStatus());
        assertThat(status.getMessage()).isEqualTo("restoring Velero Backup " + BACKUP + ": Velero Restore dr-1 is InProgress, 40/78 items");
    }

    @Test
    void aFailureSaysWhyAndHowToRestart() {
        Restore restore = veleroRestore("dr-1", "FailedValidation");
        restore.getStatus().setValidationErrors(List.of("backup kcm-x not found"));

        ManagementRestoreStatus status = step(running("dr"), Optional.of(restore), AttemptOutcome.NOTHING);

        assertThat(status.getError()).isEqualTo("Velero Restore dr-1 ended FailedValidation: backup kcm-x not found");
        assertThat(condition(status, "Failed").getReason()).isEqualTo("FailedValidation");
        assertThat(status.getMessage()).contains("k0rdent.mirantis.com/restart");
    }

    @Test
    void aVeleroRestoreDeletedWhileItRanFailsTheAttempt() {
        ManagementRestoreStatus status = step(running("dr"), Optional.empty(), AttemptOutcome.NOTHING);

        assertThat(status.getPhase()).isEqualTo(RestorePhase.Failed);
        assertThat(status.getError()).isEqualTo("Velero Restore dr-1 was deleted before it ended");
        assertThat(condition(status, "Failed").getReason()).isEqualTo("RestoreDeleted");

        ManagementRestore again = running("dr");
        again.setStatus(status);
        ManagementRestoreStatus next = step(again, Optional.empty(), AttemptOutcome.NOTHING);
        assertThat(next).isEqualTo(status);
    }

    @Test
    void aFinishedAttemptWhoseRestoreWasDeletedKeepsItsResult() {
        ManagementRestore mr = running("dr");
        ManagementRestoreStatus done = step(mr, Optional.of(veleroRestore("dr-1", "Completed")), AttemptOutcome.NOTHING);
        mr.setStatus(done);

        ManagementRestoreStatus after = step(mr, Optional.empty(), AttemptOutcome.NOTHING);

        assertThat(after).isEqualTo(done);
    }

    @Test
    void aWaitingRestoreIsPendingWithTheReason() {
        ManagementRestore mr = restoreOf("dr", BACKUP);
        Decision decision = RestoreDecider.decide(mr, new Observation(true, NS, Optional.empty(),
                () -> new SourceResolver.Unavailable("BackupNotFound", "Velero Backup x not found")));

        ManagementRestoreStatus status = RestoreStatusCalculator.next(mr, decision, AttemptOutcome.NOTHING, Optional.empty(), NOW);

        assertThat(status.getPhase()).isEqualTo(RestorePhase.Pending);
        assertThat(status.getError()).isEqualTo("Velero Backup x not found");
        assertThat(status.getMessage()).isEqualTo("waiting: Velero Backup x not found");
        assertThat(condition(status, "Ready").getReason()).isEqualTo("BackupNotFound");
        assertThat(status.getAttempt()).isNull();
    }

    @Test
    void aNameTakenByAnotherObjectKeepsTheRestorePending() {
        ManagementRestore mr = restoreOf("dr", BACKUP);
        Decision decision = RestoreDecider.decide(mr, new Observation(true, NS, Optional.empty(),
                () -> new SourceResolver.Found(completed(BACKUP, List.of()))));

        ManagementRestoreStatus status = RestoreStatusCalculator.next(mr, decision,
                AttemptOutcome.NOTHING.withFailure(new Blocker("NameTaken", "a Velero Restore named dr-1 already exists")),
                Optional.empty(), NOW);

        assertThat(status.getPhase()).isEqualTo(RestorePhase.Pending);
        assertThat(status.getAttempt()).isNull();
        assertThat(condition(status, "Ready").getReason()).isEqualTo("NameTaken");
    }

    @Test
    void aStartedAttemptIsRecorded() {
        ManagementRestore mr = restoreOf("dr", BACKUP);
        mr.getSpec().setRollbackToRelease("kcm-0-2-0");
        Decision decision = RestoreDecider.decide(mr, new Observation(true, NS, Optional.empty(),
                () -> new SourceResolver.Found(completed(BACKUP, List.of()))));
        Restore created = ((RestoreDecider.Start) decision.action()).plan().restore();

        ManagementRestoreStatus status = RestoreStatusCalculator.next(mr, decision,
                AttemptOutcome.NOTHING.withCreated(created, "dr-1-patch-mgmt-spec-release"), Optional.empty(), NOW);

        assertThat(status.getPhase()).isEqualTo(RestorePhase.InProgress);
        assertThat(status.getAttempt()).isEqualTo(1);
        assertThat(status.getRestoreName()).isEqualTo("dr-1");
        assertThat(status.getBackupName()).isEqualTo(BACKUP);
        assertThat(status.getResourceModifier()).isEqualTo("dr-1-patch-mgmt-spec-release");
        assertThat(status.getPlan()).contains("kind: \"ConfigMap\"").contains("kind: \"Restore\"");
        assertThat(status.getMessage()).isEqualTo("restoring Velero Backup " + BACKUP
                + " with Management spec.release set to kcm-0-2-0: Velero Restore dr-1 is New");
    }

    @Test
    void conditionsKeepTheirTransitionTimeWhileUnchanged() {
        ManagementRestore mr = running("dr");
        ManagementRestoreStatus first = step(mr, Optional.of(veleroRestore("dr-1", "InProgress")), AttemptOutcome.NOTHING);
        mr.setStatus(first);

        Decision decision = RestoreDecider.decide(mr, new Observation(true, NS, Optional.of(veleroRestore("dr-1", "InProgress")),
                () -> null));
        ManagementRestoreStatus later = RestoreStatusCalculator.next(mr, decision, AttemptOutcome.NOTHING,
                Optional.of(veleroRestore("dr-1", "InProgress")), NOW.plusSeconds(60));

        assertThat(later).isEqualTo(first);
    }
}
