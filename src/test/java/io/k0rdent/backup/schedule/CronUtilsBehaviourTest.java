package io.k0rdent.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the cron-utils behaviour this package depends on, and the behaviour it works around.
 *
 * <p>The first group must hold for {@link CronSchedule} to be correct. The second group shows why cron-utils is
 * fed canonical lists in UTC rather than the user's text and zone; if one of those starts failing after an upgrade,
 * the workaround is still correct and the test can go.
 */
class CronUtilsBehaviourTest {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static ExecutionTime executionTime(String cron) {
        return ExecutionTime.forCron(UNIX.parse(cron));
    }

    @ParameterizedTest(name = "[{0}] next after {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *    | 2026-01-01T12:00:00Z           | 2026-01-01T12:01Z
            * * * * *    | 2026-01-01T11:59:59.999999999Z | 2026-01-01T12:00Z
            0 0 29 2 *   | 2096-03-01T00:00Z              | 2104-02-29T00:00Z
            """)
    void reliedOnNextExecutionIsStrictlyAfter(String cron, String after, String expected) {
        assertThat(executionTime(cron).nextExecution(ZonedDateTime.parse(after))).contains(ZonedDateTime.parse(expected));
    }

    @ParameterizedTest(name = "[{0}] last before {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *    | 2026-01-01T12:00:00Z           | 2026-01-01T11:59Z
            * * * * *    | 2026-01-01T12:00:00.000000001Z | 2026-01-01T12:00Z
            0 0 29 2 *   | 2104-01-01T00:00Z              | 2096-02-29T00:00Z
            """)
    void reliedOnLastExecutionIsStrictlyBefore(String cron, String before, String expected) {
        assertThat(executionTime(cron).lastExecution(ZonedDateTime.parse(before))).contains(ZonedDateTime.parse(expected));
    }

    @Test
    void reliedOnImpossibleDatesGiveNoExecutionInsteadOfLooping() {
        ExecutionTime never = executionTime("0 0 30 2 *");
        ZonedDateTime start = ZonedDateTime.parse("2026-01-01T00:00Z");

        assertThat(never.nextExecution(start)).isEmpty();
        assertThat(never.lastExecution(start)).isEmpty();
    }

    @Test
    void workedAroundUnixDefinitionRejectsQuestionMark() {
        assertThatThrownBy(() -> UNIX.parse("0 0 ? * 5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workedAroundStepFromASingleDayOfWeekRunsOnToSevenMeaningSunday() {
        // robfig/cron reads "1/3" as Monday and Thursday only.
        ExecutionTime mondayEveryThird = executionTime("0 0 * * 1/3");

        assertThat(mondayEveryThird.nextExecution(ZonedDateTime.parse("2026-01-08T00:00Z")))
                .contains(ZonedDateTime.parse("2026-01-11T00:00Z"));
    }

    @Test
    void workedAroundRepeatedWallTimeIsFirstOccurrenceForNextButSecondForLast() {
        ExecutionTime daily = executionTime("30 2 * * *");

        assertThat(daily.nextExecution(ZonedDateTime.parse("2026-10-25T00:00+02:00[Europe/Berlin]")))
                .contains(ZonedDateTime.parse("2026-10-25T02:30+02:00[Europe/Berlin]"));
        assertThat(daily.lastExecution(ZonedDateTime.parse("2026-10-26T00:00+01:00[Europe/Berlin]")))
                .contains(ZonedDateTime.parse("2026-10-25T02:30+01:00[Europe/Berlin]"));
    }
}
