package io.k0rdent.backup.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ReadProblem;

class UnreadableStatusTest {

    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    static final ReadProblem KEEP_LAST = new ReadProblem("spec.retention.keepLast", "numeric value (1099511627776) out of range");
    static final ReadProblem ATTEMPT = new ReadProblem("status.upgradeBackup.attempt", "numeric value (4294967296) out of range");

    @Test
    void aSpecFieldItCannotReadHoldsTheObjectUntilItIsCorrected() {
        UnreadableStatus.Report report = UnreadableStatus.of(with(KEEP_LAST), "it takes no backups", List.of(), "Ready", 3L, T0);

        assertThat(report.error()).isEqualTo("fields the operator cannot read: spec.retention.keepLast: numeric value "
                + "(1099511627776) out of range. Correct or remove them; it takes no backups until then");
        assertThat(report.conditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason,
                Condition::getObservedGeneration).containsExactly(
                        tuple("Readable", "False", "UnreadableFields", 3L),
                        tuple("Ready", "False", "UnreadableFields", 3L));
        assertThat(report.newly()).isTrue();
    }

    @Test
    void statusFieldsAloneAreSaidToBeRemoved() {
        UnreadableStatus.Report report = UnreadableStatus.of(with(ATTEMPT), "it takes no backups", List.of(), "Ready", 1L, T0);

        assertThat(report.error()).startsWith("status fields the operator cannot read, removed from the status")
                .endsWith("status.upgradeBackup.attempt: numeric value (4294967296) out of range");
    }

    @Test
    void theSameReportAgainIsNotNewAndKeepsItsTransitionTime() {
        UnreadableStatus.Report first = UnreadableStatus.of(with(KEEP_LAST), "held", List.of(), "Ready", 1L, T0);
        UnreadableStatus.Report again = UnreadableStatus.of(with(KEEP_LAST), "held", first.conditions(), "Ready", 1L,
                T0.plusSeconds(600));

        assertThat(again.newly()).isFalse();
        assertThat(again.conditions()).isEqualTo(first.conditions());
    }

    @Test
    void aReadableObjectLosesTheCondition() {
        List<Condition> held = UnreadableStatus.of(with(KEEP_LAST), "held", List.of(), "Ready", 1L, T0).conditions();

        assertThat(UnreadableStatus.readable(held)).extracting(Condition::getType).containsExactly("Ready");
        List<Condition> none = List.of();
        assertThat(UnreadableStatus.readable(none)).isSameAs(none);
    }

    static ManagementBackup with(ReadProblem... problems) {
        ManagementBackup mb = new ManagementBackup();
        mb.readProblems(List.of(problems));
        return mb;
    }
}
