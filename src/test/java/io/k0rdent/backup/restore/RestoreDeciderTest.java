package io.k0rdent.backup.restore;

import static io.k0rdent.backup.restore.RestoreFixtures.NS;
import static io.k0rdent.backup.restore.RestoreFixtures.completed;
import static io.k0rdent.backup.restore.RestoreFixtures.restoreOf;
import static io.k0rdent.backup.restore.RestoreFixtures.veleroRestore;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreStatus;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.restore.RestoreDecider.Decision;
import io.k0rdent.backup.restore.RestoreDecider.DryRun;
import io.k0rdent.backup.restore.RestoreDecider.Observation;
import io.k0rdent.backup.restore.RestoreDecider.Start;
import io.k0rdent.backup.restore.RestoreDecider.Watch;
import io.k0rdent.backup.restore.SourceResolver.Found;
import io.k0rdent.backup.restore.SourceResolver.Resolution;
import io.k0rdent.backup.restore.SourceResolver.Unavailable;

class RestoreDeciderTest {

    static final String BACKUP = "kcm-20250117180012";
    static final Supplier<Resolution> FOUND = () -> new Found(completed(BACKUP, List.of()));

    static Observation observed(Optional<Restore> current, Supplier<Resolution> source) {
        return new Observation(true, NS, current, source);
    }

    /** A ManagementRestore whose attempt {@code attempt} was started, optionally with a rollback ConfigMap. */
    static ManagementRestore started(int attempt, RestorePhase phase, String modifier) {
        ManagementRestore mr = restoreOf("dr", BACKUP);
        ManagementRestoreStatus status = new ManagementRestoreStatus();
        status.setAttempt(attempt);
        status.setRestoreName(mr.restoreName(attempt));
        status.setBackupName(BACKUP);
        status.setPhase(phase);
        status.setResourceModifier(modifier);
        mr.setStatus(status);
        return mr;
    }

    static void restart(ManagementRestore mr, String token) {
        mr.getMetadata().setAnnotations(Map.of(Labels.RESTART_ANNOTATION, token));
    }

    @Test
    void aNewRestoreStartsAttemptOne() {
        Decision decision = RestoreDecider.decide(restoreOf("dr", BACKUP), observed(Optional.empty(), FOUND));

        assertThat(decision.action()).isInstanceOfSatisfying(Start.class, s -> {
            assertThat(s.attempt()).isEqualTo(1);
            assertThat(s.backupName()).isEqualTo(BACKUP);
            assertThat(s.plan().restore().getMetadata().getName()).isEqualTo("dr-1");
        });
        assertThat(decision.blocker()).isEmpty();
    }

    @Test
    void aDryRunOnlyPlans() {
        ManagementRestore mr = restoreOf("dr", BACKUP);
        mr.getSpec().setDryRun(true);

        Decision decision = RestoreDecider.decide(mr, observed(Optional.empty(), FOUND));

        assertThat(decision.action()).isInstanceOf(DryRun.class);
    }

    @Test
    void withoutVeleroNothingIsResolvedAndTheRestoreWaits() {
        AtomicInteger lookups = new AtomicInteger();
        Decision decision = RestoreDecider.decide(restoreOf("dr", BACKUP), new Observation(false, NS, Optional.empty(), () -> {
            lookups.incrementAndGet();
            return FOUND.get();
        }));

        assertThat(decision.action()).isInstanceOf(Watch.class);
        assertThat(decision.blocker()).hasValueSatisfying(b -> assertThat(b.reason()).isEqualTo("VeleroNotInstalled"));
        assertThat(lookups).hasValue(0);
    }

    @Test
    void anUnavailableBackupBlocks() {
        Decision decision = RestoreDecider.decide(restoreOf("dr", BACKUP),
                observed(Optional.empty(), () -> new Unavailable("BackupNotFound", "not there")));

        assertThat(decision.action()).isInstanceOf(Watch.class);
        assertThat(decision.blocker()).hasValueSatisfying(b -> assertThat(b.message()).isEqualTo("not there"));
    }

    @Test
    void aRunningAttemptIsOnlyWatchedAndItsBackupNotLookedUpAgain() {
        ManagementRestore mr = started(1, RestorePhase.InProgress, null);

        Decision decision = RestoreDecider.decide(mr, observed(Optional.of(veleroRestore("dr-1", "InProgress")), () -> {
            throw new AssertionError("no lookup while an attempt runs");
        }));

        assertThat(decision.action()).isInstanceOf(Watch.class);
        assertThat(decision.deleteModifier()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Completed", "PartiallyFailed", "Failed", "FailedValidation" })
    void theRollbackConfigMapGoesWhenTheAttemptEnds(String phase) {
        ManagementRestore mr = started(1, RestorePhase.InProgress, "dr-1-patch-mgmt-spec-release");

        Decision decision = RestoreDecider.decide(mr, observed(Optional.of(veleroRestore("dr-1", phase)), FOUND));

        assertThat(decision.deleteModifier()).hasValue("dr-1-patch-mgmt-spec-release");
    }

    @Test
    void aRestartOfAFailedAttemptStartsTheNextOneFromTheSameBackup() {
        ManagementRestore mr = started(1, RestorePhase.Failed, null);
        restart(mr, "again");

        Decision decision = RestoreDecider.decide(mr, observed(Optional.of(veleroRestore("dr-1", "Failed")), FOUND));

        assertThat(decision.action()).isInstanceOfSatisfying(Start.class, s -> {
            assertThat(s.attempt()).isEqualTo(2);
            assertThat(s.plan().restore().getMetadata().getName()).isEqualTo("dr-2");
        });
        assertThat(decision.restartToken()).isEqualTo("again");
    }

    @Test
    void aHandledTokenDoesNotRestartAgain() {
        ManagementRestore mr = started(2, RestorePhase.Failed, null);
        mr.getStatus().setRestartToken("again");
        restart(mr, "again");

        Decision decision = RestoreDecider.decide(mr, observed(Optional.of(veleroRestore("dr-2", "Failed")), FOUND));

        assertThat(decision.action()).isInstanceOf(Watch.class);
    }

    @Test
    void aRestartWhileTheAttemptRunsIsRefusedAndNotKeptForLater() {
        ManagementRestore mr = started(1, RestorePhase.InProgress, null);
        restart(mr, "now");

        Decision decision = RestoreDecider.decide(mr, observed(Optional.of(veleroRestore("dr-1", "InProgress")), FOUND));

        assertThat(decision.action()).isInstanceOf(Watch.class);
        assertThat(decision.restartRejected()).contains("still InProgress");
        assertThat(decision.restartToken()).isEqualTo("now");
    }

    @Test
    void aRestartThatCannotFindItsBackupWaitsWithTheTokenUnhandled() {
        ManagementRestore mr = started(1, RestorePhase.Failed, null);
        restart(mr, "again");

        Decision decision = RestoreDecider.decide(mr, observed(Optional.of(veleroRestore("dr-1", "Failed")),
                () -> new Unavailable("BackupNotFound", "gone")));

        assertThat(decision.action()).isInstanceOf(Watch.class);
        assertThat(decision.restartPending()).isTrue();
        assertThat(decision.restartToken()).isNull();
        assertThat(decision.blocker()).hasValueSatisfying(b -> assertThat(b.message()).isEqualTo("cannot restart: gone"));
    }

    @Test
    void aTokenSetBeforeTheFirstAttemptIsTakenAsSeen() {
        ManagementRestore mr = restoreOf("dr", BACKUP);
        restart(mr, "early");

        Decision decision = RestoreDecider.decide(mr, observed(Optional.empty(), FOUND));

        assertThat(decision.action()).isInstanceOfSatisfying(Start.class, s -> assertThat(s.attempt()).isEqualTo(1));
        assertThat(decision.restartToken()).isEqualTo("early");
    }

    @Test
    void dryRunIsIgnoredOnceAnAttemptExists() {
        ManagementRestore mr = started(1, RestorePhase.Completed, null);
        mr.getSpec().setDryRun(true);
        restart(mr, "again");

        Decision decision = RestoreDecider.decide(mr, observed(Optional.of(veleroRestore("dr-1", "Completed")), FOUND));

        assertThat(decision.action()).isInstanceOf(Start.class);
    }
}
