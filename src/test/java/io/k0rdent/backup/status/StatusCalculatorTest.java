package io.k0rdent.backup.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.k0rdent.backup.api.BackupRefusal;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupDecider.Blocker;
import io.k0rdent.backup.velero.BackupDecider.Decision;
import io.k0rdent.backup.velero.BackupSelectors;
import io.k0rdent.backup.velero.BackupSelectors.Selection;
import io.k0rdent.backup.velero.BackupRefusals;
import io.k0rdent.backup.velero.StorageLocationCheck;

class StatusCalculatorTest {

    static final Instant NOW = Instant.parse("2025-01-17T18:00:00.250Z");
    static final StorageLocationCheck OK = new StorageLocationCheck(true, false, "Available", "ok");

    static ManagementBackup mb(String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("kcm");
        mb.getMetadata().setGeneration(3L);
        mb.getSpec().setSchedule(schedule);
        return mb;
    }

    static Backup backup(String name, String phase) {
        Backup b = new Backup();
        b.getMetadata().setName(name);
        BackupStatus s = new BackupStatus();
        s.setPhase(phase);
        s.setFormatVersion("1.1.0");
        b.setStatus(s);
        return b;
    }

    static Condition condition(ManagementBackupStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void createdScheduledBackupIsRecordedWithItsSlotAndTheNextAttempt() {
        Instant slot = Instant.parse("2025-01-17T18:00:00Z");
        Decision decision = new Decision(new BackupDecider.Create("kcm-20250117180000", slot),
                Optional.of(Instant.parse("2025-01-18T00:00:00Z")), Optional.empty());
        ManagementBackupStatus status = StatusCalculator.next(mb("0 */6 * * *"), decision, OK,
                Outcome.created("kcm-20250117180000", slot, slot), Optional.empty(), NOW);
        assertThat(status.getLastBackupName()).isEqualTo("kcm-20250117180000");
        assertThat(status.getLastBackupTime()).isEqualTo("2025-01-17T18:00:00Z");
        assertThat(status.getLastSlot()).isEqualTo("2025-01-17T18:00:00Z");
        assertThat(status.getNextAttempt()).isEqualTo("2025-01-18T00:00:00Z");
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(3L);
        assertThat(condition(status, "BackupInProgress").getStatus()).isEqualTo("True");
    }

    @Test
    void velerosStatusIsMirroredWhole() {
        ManagementBackup mb = mb(null);
        ManagementBackupStatus old = new ManagementBackupStatus();
        old.setLastBackupName("kcm");
        mb.setStatus(old);
        Backup completed = backup("kcm", "Completed");
        completed.getStatus().setCompletionTimestamp("2025-01-17T15:50:18Z");
        ManagementBackupStatus status = StatusCalculator.next(mb,
                new Decision(new BackupDecider.Nothing(), Optional.empty(), Optional.empty()), OK, Outcome.NOTHING,
                Optional.of(completed), NOW);
        // the cached Backup's own status: cached objects are replaced, never changed in place, so it is not copied
        assertThat(status.getLastBackup()).isSameAs(completed.getStatus());
        assertThat(condition(status, "BackupInProgress").getStatus()).isEqualTo("False");
        assertThat(status.getNextAttempt()).isNull();
    }

    @Test
    void aResolvedErrorIsClearedAndTransitionTimesOnlyMoveOnChange() {
        ManagementBackup mb = mb("bad");
        Decision invalid = new Decision(new BackupDecider.Nothing(), Optional.empty(),
                Optional.of(new Blocker(BackupDecider.SCHEDULE_VALID, "InvalidSchedule", "invalid schedule \"bad\"")));
        ManagementBackupStatus broken = StatusCalculator.next(mb, invalid, OK, Outcome.NOTHING, Optional.empty(), NOW);
        assertThat(broken.getError()).isEqualTo("invalid schedule \"bad\"");
        assertThat(condition(broken, "ScheduleValid").getStatus()).isEqualTo("False");
        assertThat(condition(broken, "Ready").getReason()).isEqualTo("InvalidSchedule");

        mb.setStatus(broken);
        ManagementBackupStatus again = StatusCalculator.next(mb, invalid, OK, Outcome.NOTHING, Optional.empty(),
                NOW.plusSeconds(600));
        assertThat(again).isEqualTo(broken);

        mb.getSpec().setSchedule("@hourly");
        mb.setStatus(again);
        Decision valid = new Decision(new BackupDecider.Nothing(), Optional.of(Instant.parse("2025-01-17T19:00:00Z")),
                Optional.empty());
        ManagementBackupStatus fixed = StatusCalculator.next(mb, valid, OK, Outcome.NOTHING, Optional.empty(),
                NOW.plusSeconds(900));
        assertThat(fixed.getError()).isNull();
        assertThat(condition(fixed, "ScheduleValid").getLastTransitionTime()).isEqualTo("2025-01-17T18:15:00Z");
        assertThat(condition(fixed, "VeleroInstalled").getLastTransitionTime()).isEqualTo("2025-01-17T18:00:00Z");
    }

    @Test
    void failedBackupBecomesTheErrorUntilANewerOneReplacesIt() {
        ManagementBackup mb = mb("@hourly");
        ManagementBackupStatus old = new ManagementBackupStatus();
        old.setLastBackupName("kcm-20250117170000");
        mb.setStatus(old);
        Backup failed = backup("kcm-20250117170000", "PartiallyFailed");
        failed.getStatus().setErrors(2);
        Decision idle = new Decision(new BackupDecider.Nothing(), Optional.of(Instant.parse("2025-01-17T19:00:00Z")),
                Optional.empty());
        ManagementBackupStatus status = StatusCalculator.next(mb, idle, OK, Outcome.NOTHING, Optional.of(failed), NOW);
        assertThat(status.getError()).isEqualTo("Velero backup kcm-20250117170000 ended PartiallyFailed (2 errors)");
        assertThat(StatusEvents.between(old, status, Outcome.NOTHING)).extracting(StatusEvents.EventSpec::reason)
                .containsExactly("BackupPartiallyFailed");

        mb.setStatus(status);
        Instant slot = Instant.parse("2025-01-17T18:00:00Z");
        ManagementBackupStatus newer = StatusCalculator.next(mb,
                new Decision(new BackupDecider.Create("kcm-20250117180000", slot), idle.nextAttempt(), Optional.empty()), OK,
                Outcome.created("kcm-20250117180000", slot, slot), Optional.empty(), NOW);
        assertThat(newer.getError()).isNull();
        assertThat(newer.getLastBackup()).isNull();
    }

    @Test
    void eventsAreOnlyEmittedOnTransitions() {
        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setLastBackupName("kcm");
        status.setLastBackup(backup("kcm", "Completed").getStatus());
        assertThat(StatusEvents.between(status, status, Outcome.NOTHING)).isEmpty();
        List<StatusEvents.EventSpec> skipped = StatusEvents.between(status, status,
                Outcome.skipped(Instant.parse("2025-01-17T18:00:00Z"), "backup kcm-1 is still InProgress"));
        assertThat(skipped).containsExactly(new StatusEvents.EventSpec(true, "BackupSkipped",
                "Skipped slot 2025-01-17T18:00:00Z: backup kcm-1 is still InProgress"));
    }

    @Test
    void aSupersetSelectionIsAConditionWithItsNumbersAndOneWarningUntilTheSelectionIsExactAgain() {
        Instant slot = Instant.parse("2025-01-17T18:00:00Z");
        Decision create = new Decision(new BackupDecider.Create("kcm-20250117180000", slot), Optional.empty(),
                Optional.empty());
        Selection superset = new Selection(List.of(), false, List.of("cluster.x-k8s.io/cluster-name"), 30, 990,
                "selects more than kcm would: the label values of 30 ClusterDeployments need 990 bytes, over the 100-byte"
                        + " budget, so every object labelled cluster.x-k8s.io/cluster-name is selected; 5 orLabelSelectors");
        Selection exact = BackupSelectors.of(List.of(new ClusterInUse("ns", "cluster-1", "t", List.of())));
        ManagementBackup mb = mb("0 */6 * * *");

        Outcome created = Outcome.created("kcm-20250117180000", slot, slot).withSelection(superset);
        ManagementBackupStatus first = StatusCalculator.next(mb, create, OK, created, Optional.empty(), NOW);
        Condition condition = condition(first, StatusCalculator.SELECTION_EXACT);
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("SupersetSelection");
        assertThat(condition.getMessage()).startsWith("Velero backup kcm-20250117180000 selects more than kcm would")
                .contains("30 ClusterDeployments", "100-byte budget");
        // a superset is still a backup: nothing is wrong with it
        assertThat(condition(first, "Ready").getStatus()).isEqualTo("True");
        assertThat(StatusEvents.between(null, first, created)).contains(
                new StatusEvents.EventSpec(true, "SupersetSelection", condition.getMessage()));

        mb.setStatus(first);
        ManagementBackupStatus idle = StatusCalculator.next(mb,
                new Decision(new BackupDecider.Nothing(), Optional.empty(), Optional.empty()), OK, Outcome.NOTHING,
                Optional.empty(), NOW.plusSeconds(60));
        assertThat(condition(idle, StatusCalculator.SELECTION_EXACT)).isEqualTo(condition);
        Outcome again = Outcome.created("kcm-20250118000000", slot, slot).withSelection(superset);
        assertThat(StatusEvents.between(first, StatusCalculator.next(mb, create, OK, again, Optional.empty(), NOW), again))
                .extracting(StatusEvents.EventSpec::reason).doesNotContain("SupersetSelection");

        Outcome back = Outcome.created("kcm-20250118060000", slot, slot).withSelection(exact);
        ManagementBackupStatus exactAgain = StatusCalculator.next(mb, create, OK, back, Optional.empty(), NOW);
        assertThat(condition(exactAgain, StatusCalculator.SELECTION_EXACT).getStatus()).isEqualTo("True");
        assertThat(condition(exactAgain, StatusCalculator.SELECTION_EXACT).getReason()).isEqualTo("ExactSelection");
        assertThat(StatusEvents.between(first, exactAgain, back)).extracting(StatusEvents.EventSpec::reason)
                .contains("SelectionExact");
    }

    @Test
    void aRefusedBackupLeavesTheSlotOpenAndMakesReadyFalseWithOneWarning() {
        ManagementBackup mb = mb("@hourly");
        Instant slot = Instant.parse("2025-01-17T18:00:00Z");
        Decision due = new Decision(new BackupDecider.Create("kcm-20250117180000", slot),
                Optional.of(Instant.parse("2025-01-17T19:00:00Z")), Optional.empty());
        BackupRefusal refusal = BackupRefusals.refused("kcm-20250117180000", "etcdserver: request is too large", "inputs-1",
                NOW);

        ManagementBackupStatus refused = StatusCalculator.next(mb, due, OK, Outcome.refused(refusal), Optional.empty(), NOW);
        assertThat(refused.getLastSlot()).isNull();
        assertThat(refused.getRefusal()).isEqualTo(refusal);
        assertThat(refused.getError())
                .isEqualTo("the API server refused Velero backup kcm-20250117180000: etcdserver: request is too large");
        assertThat(condition(refused, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(refused, "Ready").getReason()).isEqualTo("BackupRefused");
        assertThat(condition(refused, "Ready").getMessage()).isEqualTo(refused.getError());
        assertThat(StatusEvents.between(null, refused, Outcome.refused(refusal)))
                .containsExactly(new StatusEvents.EventSpec(true, "BackupRefused", refused.getError()));

        // held: the next reconcile carries the recorded refusal, which changes nothing and says nothing
        mb.setStatus(refused);
        Instant later = NOW.plusSeconds(3600);
        ManagementBackupStatus held = StatusCalculator.next(mb, due, OK, Outcome.held(refusal), Optional.empty(), later);
        assertThat(held).isEqualTo(refused);
        assertThat(StatusEvents.between(refused, held, Outcome.held(refusal))).isEmpty();

        // taken once its inputs changed: the refusal is gone with the error
        mb.setStatus(held);
        ManagementBackupStatus taken = StatusCalculator.next(mb, due, OK,
                Outcome.created("kcm-20250117180000", slot, slot), Optional.empty(), later);
        assertThat(taken.getRefusal()).isNull();
        assertThat(taken.getError()).isNull();
        assertThat(condition(taken, "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void aBackupTooLargeToSendIsReportedWithItsOwnReason() {
        BackupRefusal tooLarge = BackupRefusals.predict("kcm", 2_000_000, 12_000, 24_003, "inputs-1", NOW).orElseThrow();
        ManagementBackupStatus status = StatusCalculator.next(mb(null),
                new Decision(new BackupDecider.Create("kcm", null), Optional.empty(), Optional.empty()), OK,
                Outcome.refused(tooLarge), Optional.empty(), NOW);
        assertThat(condition(status, "Ready").getReason()).isEqualTo("BackupTooLarge");
        assertThat(status.getError()).contains("2,000,000 bytes").contains("24,003 label selectors")
                .contains("12,000 ClusterDeployments").contains("1,572,864");
        assertThat(StatusEvents.between(null, status, Outcome.refused(tooLarge))).extracting(StatusEvents.EventSpec::reason)
                .containsExactly("BackupTooLarge");
    }
}
