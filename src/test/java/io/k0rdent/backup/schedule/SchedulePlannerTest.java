package io.k0rdent.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.k0rdent.backup.schedule.SchedulePlanner.Plan;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulePlannerTest {

    private static final Schedule EVERY_SIX_HOURS = Schedules.parse("0 */6 * * *");
    private static final Instant CREATED = Instant.parse("2026-01-01T01:23:45.678Z");

    private static Instant at(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static Optional<Instant> maybe(String text) {
        return Optional.ofNullable(at(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                  | schedule         | createdAt                | lastSlot             | immediate | suspended | now                      | dueSlot              | nextAttempt
            first slot comes after creation         | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | false     | false     | 2026-01-01T05:00:00Z     | -                    | 2026-01-01T06:00:00Z
            not due 1 ms before the slot            | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | false     | false     | 2026-01-01T05:59:59.999Z | -                    | 2026-01-01T06:00:00Z
            due exactly at the slot                 | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | false     | false     | 2026-01-01T06:00:00Z     | 2026-01-01T06:00:00Z | 2026-01-01T12:00:00Z
            not due again once the slot is recorded | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T06:00:00Z | false     | false     | 2026-01-01T06:00:30Z     | -                    | 2026-01-01T12:00:00Z
            three days of downtime: one catch-up    | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T06:00:00Z | false     | false     | 2026-01-04T09:30:00Z     | 2026-01-04T06:00:00Z | 2026-01-04T12:00:00Z
            downtime ending exactly on a slot       | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T06:00:00Z | false     | false     | 2026-01-04T12:00:00Z     | 2026-01-04T12:00:00Z | 2026-01-04T18:00:00Z
            downtime before the first backup        | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | false     | false     | 2026-01-03T01:00:00Z     | 2026-01-03T00:00:00Z | 2026-01-03T06:00:00Z
            immediate first backup                  | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | true      | false     | 2026-01-01T01:23:46Z     | 2026-01-01T01:23:45Z | 2026-01-01T06:00:00Z
            immediate slot waits for a skewed clock | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | true      | false     | 2026-01-01T01:23:44Z     | -                    | 2026-01-01T01:23:45Z
            immediate only before the first backup  | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T01:23:45Z | true      | false     | 2026-01-01T01:30:00Z     | -                    | 2026-01-01T06:00:00Z
            immediate then scheduled                | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T01:23:45Z | true      | false     | 2026-01-01T06:00:00Z     | 2026-01-01T06:00:00Z | 2026-01-01T12:00:00Z
            suspended before the slot               | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | false     | true      | 2026-01-01T05:00:00Z     | -                    | 2026-01-01T06:00:00Z
            suspended past missed slots             | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T06:00:00Z | false     | true      | 2026-01-04T09:30:00Z     | -                    | 2026-01-04T12:00:00Z
            suspended exactly at a slot             | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T06:00:00Z | false     | true      | 2026-01-01T12:00:00Z     | -                    | 2026-01-01T18:00:00Z
            suspended immediate                     | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | -                    | true      | true      | 2026-01-01T01:24:00Z     | -                    | 2026-01-01T06:00:00Z
            resumed after suspension: one catch-up  | 0 */6 * * *      | 2026-01-01T01:23:45.678Z | 2026-01-01T06:00:00Z | false     | false     | 2026-01-04T09:30:00Z     | 2026-01-04T06:00:00Z | 2026-01-04T12:00:00Z
            every 1h30m anchored at creation        | @every 1h30m     | 2026-01-01T10:00:07.500Z | -                    | false     | false     | 2026-01-01T11:30:06.999Z | -                    | 2026-01-01T11:30:07Z
            every 1h30m due at creation + interval  | @every 1h30m     | 2026-01-01T10:00:07.500Z | -                    | false     | false     | 2026-01-01T11:30:07Z     | 2026-01-01T11:30:07Z | 2026-01-01T13:00:07Z
            every 1h30m anchored at the last slot   | @every 1h30m     | 2026-01-01T10:00:07.500Z | 2026-01-01T11:30:07Z | false     | false     | 2026-01-01T12:00:00Z     | -                    | 2026-01-01T13:00:07Z
            every 1h30m catch-up stays on the grid  | @every 1h30m     | 2026-01-01T10:00:07.500Z | 2026-01-01T11:30:07Z | false     | false     | 2026-01-01T20:00:00Z     | 2026-01-01T19:00:07Z | 2026-01-01T20:30:07Z
            every 1h30m immediate                   | @every 1h30m     | 2026-01-01T10:00:07.500Z | -                    | true      | false     | 2026-01-01T10:00:08Z     | 2026-01-01T10:00:07Z | 2026-01-01T11:30:07Z
            schedule that never fires               | 0 0 30 2 *       | 2026-01-01T01:23:45.678Z | -                    | false     | false     | 2030-01-01T00:00:00Z     | -                    | -
            immediate with a schedule that never fires | 0 0 30 2 *    | 2026-01-01T01:23:45.678Z | -                    | true      | false     | 2026-01-01T01:24:00Z     | 2026-01-01T01:23:45Z | -
            zoned schedule catches up in its zone   | CRON_TZ=America/New_York 0 9 * * * | 2026-01-01T00:00:00Z | 2026-01-10T14:00:00Z | false | false | 2026-07-04T12:00:00Z | 2026-07-03T13:00:00Z | 2026-07-04T13:00:00Z
            """)
    void plansTheDueSlotAndTheNextAttempt(String description, String expression, String createdAt, String lastSlot,
            boolean immediate, boolean suspended, String now, String dueSlot, String nextAttempt) {
        Plan plan = SchedulePlanner.plan(Schedules.parse(expression), at(createdAt), at(lastSlot), immediate,
                suspended, at(now));

        assertThat(plan).isEqualTo(new Plan(maybe(dueSlot), maybe(nextAttempt)));
        assertThat(plan.isDue()).isEqualTo(dueSlot != null);
    }

    @Test
    void catchUpAfterLongDowntimeIsOneBackupNotABurst() {
        Instant lastSlot = Instant.parse("2026-01-01T06:00:00Z");
        Instant now = Instant.parse("2026-01-04T09:30:00Z");

        Plan catchUp = SchedulePlanner.plan(EVERY_SIX_HOURS, CREATED, lastSlot, false, false, now);
        Plan afterRecording = SchedulePlanner.plan(EVERY_SIX_HOURS, CREATED, catchUp.dueSlot().orElseThrow(), false,
                false, now.plusSeconds(1));

        assertThat(catchUp.dueSlot()).contains(Instant.parse("2026-01-04T06:00:00Z"));
        assertThat(afterRecording.isDue()).isFalse();
        assertThat(afterRecording.nextAttempt()).contains(Instant.parse("2026-01-04T12:00:00Z"));
    }

    @Test
    void restartMidSlotBeforeRecordingYieldsTheSameSlot() {
        Plan beforeCrash = SchedulePlanner.plan(EVERY_SIX_HOURS, CREATED, null, false, false,
                Instant.parse("2026-01-01T06:00:01Z"));
        Plan sameInputsAgain = SchedulePlanner.plan(EVERY_SIX_HOURS, CREATED, null, false, false,
                Instant.parse("2026-01-01T06:00:01Z"));
        Plan afterRestart = SchedulePlanner.plan(EVERY_SIX_HOURS, CREATED, null, false, false,
                Instant.parse("2026-01-01T06:04:59Z"));

        assertThat(sameInputsAgain).isEqualTo(beforeCrash);
        assertThat(afterRestart.dueSlot()).isEqualTo(beforeCrash.dueSlot()).contains(Instant.parse("2026-01-01T06:00:00Z"));
    }

    @Test
    void immediateRestartBeforeRecordingYieldsTheSameSlot() {
        Plan first = SchedulePlanner.plan(EVERY_SIX_HOURS, CREATED, null, true, false,
                Instant.parse("2026-01-01T01:23:46Z"));
        Plan afterRestart = SchedulePlanner.plan(EVERY_SIX_HOURS, CREATED, null, true, false,
                Instant.parse("2026-01-01T01:40:00Z"));

        assertThat(afterRestart).isEqualTo(first);
    }
}
