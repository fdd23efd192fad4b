package io.k0rdent.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    private static Optional<Instant> instant(String text) {
        return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    }

    @ParameterizedTest(name = "[{0}] next after {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *        | 2026-01-01T12:00:00Z           | 2026-01-01T12:01:00Z
            * * * * *        | 2026-01-01T11:59:59.500Z       | 2026-01-01T12:00:00Z
            * * * * *        | 2026-01-01T12:00:00.000000001Z | 2026-01-01T12:01:00Z
            0 */6 * * *      | 2026-01-01T05:59:59Z           | 2026-01-01T06:00:00Z
            0 */6 * * *      | 2026-01-01T06:00:00Z           | 2026-01-01T12:00:00Z
            0 */6 * * *      | 2026-01-01T18:00:00Z           | 2026-01-02T00:00:00Z
            5/15 * * * *     | 2026-01-01T00:50:00Z           | 2026-01-01T01:05:00Z
            5/15 * * * *     | 2026-01-01T01:05:00Z           | 2026-01-01T01:20:00Z
            1-30/5 * * * *   | 2026-01-01T00:27:00Z           | 2026-01-01T01:01:00Z
            """)
    void nextIsTheFirstWholeMinuteSlotStrictlyAfter(String expression, String after, String expected) {
        assertThat(Schedules.parse(expression).next(Instant.parse(after))).isEqualTo(instant(expected));
    }

    @ParameterizedTest(name = "[{0}] next after {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 0 13 * 5       | 2026-01-02T00:00:00Z | 2026-01-09T00:00:00Z
            0 0 13 * 5       | 2026-01-09T00:00:00Z | 2026-01-13T00:00:00Z
            0 0 13 * 5       | 2026-01-13T00:00:00Z | 2026-01-16T00:00:00Z
            0 0 13 * fri     | 2026-01-09T00:00:00Z | 2026-01-13T00:00:00Z
            0 0 1-31 * 5     | 2026-01-09T00:00:00Z | 2026-01-10T00:00:00Z
            0 0 13 * 0-6     | 2026-01-09T00:00:00Z | 2026-01-10T00:00:00Z
            """)
    void dayOfMonthAndDayOfWeekCombineWithOrWhenBothAreRestricted(String expression, String after, String expected) {
        assertThat(Schedules.parse(expression).next(Instant.parse(after))).isEqualTo(instant(expected));
    }

    @ParameterizedTest(name = "[{0}] next after {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 0 13 * *       | 2026-01-09T00:00:00Z | 2026-01-13T00:00:00Z
            0 0 13 * *       | 2026-01-13T00:00:00Z | 2026-02-13T00:00:00Z
            0 0 13 * ?       | 2026-01-13T00:00:00Z | 2026-02-13T00:00:00Z
            0 0 13 * */1     | 2026-01-13T00:00:00Z | 2026-02-13T00:00:00Z
            0 0 * * 5        | 2026-01-09T00:00:00Z | 2026-01-16T00:00:00Z
            0 0 ? * 5        | 2026-01-09T00:00:00Z | 2026-01-16T00:00:00Z
            0 0 */1 * 5      | 2026-01-09T00:00:00Z | 2026-01-16T00:00:00Z
            0 0 ? ? ?        | 2026-01-09T00:00:00Z | 2026-01-10T00:00:00Z
            """)
    void anUnrestrictedDayFieldLeavesOnlyTheOtherOneRestricting(String expression, String after, String expected) {
        assertThat(Schedules.parse(expression).next(Instant.parse(after))).isEqualTo(instant(expected));
    }

    @ParameterizedTest(name = "[{0}] next after {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 0 * * 7        | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z
            0 0 * * 0        | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z
            0 0 * * SUN      | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z
            0 0 * * sun      | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z
            0 0 * * 5-7      | 2026-01-02T00:00:00Z | 2026-01-03T00:00:00Z
            0 0 * * 5-7      | 2026-01-03T00:00:00Z | 2026-01-04T00:00:00Z
            0 0 * * 5-7      | 2026-01-04T00:00:00Z | 2026-01-09T00:00:00Z
            0 0 * * 1/3      | 2026-01-08T00:00:00Z | 2026-01-12T00:00:00Z
            0 0 * * Mon-Fri  | 2026-01-02T00:00:00Z | 2026-01-05T00:00:00Z
            0 0 1 JAN *      | 2026-01-01T00:00:00Z | 2027-01-01T00:00:00Z
            0 0 1 feb-mar *  | 2026-02-01T00:00:00Z | 2026-03-01T00:00:00Z
            0 0 29 2 *       | 2026-03-01T00:00:00Z | 2028-02-29T00:00:00Z
            0 0 29 2 *       | 2096-03-01T00:00:00Z | 2104-02-29T00:00:00Z
            @yearly          | 2026-01-01T00:00:00Z | 2027-01-01T00:00:00Z
            @annually        | 2026-06-15T12:00:00Z | 2027-01-01T00:00:00Z
            @monthly         | 2026-01-31T00:00:00Z | 2026-02-01T00:00:00Z
            @weekly          | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z
            @daily           | 2026-01-01T12:00:00Z | 2026-01-02T00:00:00Z
            @midnight        | 2026-01-02T00:00:00Z | 2026-01-03T00:00:00Z
            @hourly          | 2026-01-01T12:00:00Z | 2026-01-01T13:00:00Z
            """)
    void namesSundayAsSevenStepsDescriptorsAndLeapDays(String expression, String after, String expected) {
        assertThat(Schedules.parse(expression).next(Instant.parse(after))).isEqualTo(instant(expected));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            0 0 30 2 *
            0 0 31 4,6,9,11 *
            0 0 30-31 feb *
            """)
    void aScheduleOnDaysThatNeverExistNeverFires(String expression) {
        Schedule schedule = Schedules.parse(expression);

        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
        assertThat(schedule.latestBetween(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void anImpossibleDayOfMonthStillFiresOnTheRestrictedDayOfWeek() {
        Schedule schedule = Schedules.parse("0 0 30 2 1");

        // The month still restricts: Mondays in February.
        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:00Z"))).contains(Instant.parse("2026-02-02T00:00:00Z"));
    }

    @ParameterizedTest(name = "[{0}] latest in ({1}, {2}] = {3}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *    | 2020-01-01T00:00:00Z | 2026-01-01T12:00:30Z | 2026-01-01T12:00:00Z
            * * * * *    | 2026-01-01T11:59:00Z | 2026-01-01T12:00:00Z | 2026-01-01T12:00:00Z
            * * * * *    | 2026-01-01T12:00:00Z | 2026-01-01T12:00:59Z |
            * * * * *    | 2026-01-01T12:00:00Z | 2026-01-01T12:00:00Z |
            * * * * *    | 2026-01-01T12:05:00Z | 2026-01-01T12:00:00Z |
            * * * * *    | 2026-01-01T11:59:59.999Z | 2026-01-01T12:00:00Z | 2026-01-01T12:00:00Z
            0 */6 * * *  | 2026-01-01T00:00:00Z | 2026-01-04T05:00:00Z | 2026-01-04T00:00:00Z
            0 */6 * * *  | 2026-01-01T00:00:00Z | 2026-01-01T05:59:59.999Z |
            0 0 13 * 5   | 2026-01-01T00:00:00Z | 2026-01-15T00:00:00Z | 2026-01-13T00:00:00Z
            0 0 13 * 5   | 2026-01-01T00:00:00Z | 2026-01-12T00:00:00Z | 2026-01-09T00:00:00Z
            0 0 29 2 *   | 2025-01-01T00:00:00Z | 2028-03-01T00:00:00Z | 2028-02-29T00:00:00Z
            0 0 29 2 *   | 2028-02-29T00:00:00Z | 2031-12-31T00:00:00Z |
            @yearly      | 1999-06-01T00:00:00Z | 2026-06-01T00:00:00Z | 2026-01-01T00:00:00Z
            """)
    void latestBetweenIsTheLastSlotInTheHalfOpenInterval(String expression, String notBefore, String at,
            String expected) {
        assertThat(Schedules.parse(expression).latestBetween(Instant.parse(notBefore), Instant.parse(at)))
                .isEqualTo(instant(expected));
    }

    @Test
    void latestBetweenOverDecadesOfMinutesDoesNotIterate() {
        Schedule schedule = Schedules.parse("* * * * *");

        Optional<Instant> latest = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> schedule.latestBetween(
                Instant.parse("1990-01-01T00:00:00Z"), Instant.parse("2090-01-01T00:00:30Z")));

        assertThat(latest).contains(Instant.parse("2090-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "[{0}] next after {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # New York is UTC-4 in summer and UTC-5 in winter.
            CRON_TZ=America/New_York 0 9 * * *      | 2026-07-01T00:00:00Z | 2026-07-01T13:00:00Z
            CRON_TZ=America/New_York 0 9 * * *      | 2026-01-15T00:00:00Z | 2026-01-15T14:00:00Z
            TZ=America/New_York 0 9 * * *           | 2026-01-15T14:00:00Z | 2026-01-16T14:00:00Z
            CRON_TZ=Asia/Tokyo @daily               | 2026-01-01T00:00:00Z | 2026-01-01T15:00:00Z
            # 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist and that day is skipped.
            CRON_TZ=Europe/Berlin 30 2 * * *        | 2026-03-28T01:30:00Z | 2026-03-30T00:30:00Z
            CRON_TZ=Europe/Berlin * * * * *         | 2026-03-29T00:59:00Z | 2026-03-29T01:00:00Z
            CRON_TZ=Europe/Berlin 0 3 * * *         | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z
            # 2026-10-25 in Berlin: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice and is a slot only the first time.
            CRON_TZ=Europe/Berlin 30 2 * * *        | 2026-10-24T00:30:00Z | 2026-10-25T00:30:00Z
            CRON_TZ=Europe/Berlin 30 2 * * *        | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z
            CRON_TZ=Europe/Berlin 30 2 * * *        | 2026-10-25T01:10:00Z | 2026-10-26T01:30:00Z
            CRON_TZ=Europe/Berlin 0 3 * * *         | 2026-10-25T01:10:00Z | 2026-10-25T02:00:00Z
            CRON_TZ=Europe/Berlin * * * * *         | 2026-10-25T00:59:00Z | 2026-10-25T02:00:00Z
            CRON_TZ=Europe/Berlin 0 * * * *         | 2026-10-25T00:00:00Z | 2026-10-25T02:00:00Z
            """)
    void cronFieldsAreEvaluatedInTheGivenZoneSkippingMissingAndRepeatedWallTimes(String expression, String after,
            String expected) {
        assertThat(Schedules.parse(expression).next(Instant.parse(after))).isEqualTo(instant(expected));
    }

    @ParameterizedTest(name = "[{0}] latest in ({1}, {2}] = {3}")
    @CsvSource(delimiter = '|', textBlock = """
            CRON_TZ=Europe/Berlin 30 2 * * *  | 2026-03-28T00:00:00Z | 2026-03-29T23:00:00Z | 2026-03-28T01:30:00Z
            CRON_TZ=Europe/Berlin 30 2 * * *  | 2026-10-24T00:30:00Z | 2026-10-25T01:45:00Z | 2026-10-25T00:30:00Z
            CRON_TZ=Europe/Berlin 30 2 * * *  | 2026-10-25T00:30:00Z | 2026-10-26T00:00:00Z |
            # At 02:10 CET the wall clock has not reached 02:30 again, but 02:30 CEST has already passed.
            CRON_TZ=Europe/Berlin 30 2 * * *  | 2026-10-24T12:00:00Z | 2026-10-25T01:10:00Z | 2026-10-25T00:30:00Z
            # 02:00 CET (01:00Z) repeats 02:00 CEST (00:00Z) and is no slot.
            CRON_TZ=Europe/Berlin 0 * * * *   | 2026-10-24T23:00:00Z | 2026-10-25T01:59:00Z | 2026-10-25T00:00:00Z
            CRON_TZ=America/New_York 0 9 * * * | 2026-01-01T00:00:00Z | 2026-07-01T12:59:59Z | 2026-06-30T13:00:00Z
            """)
    void latestBetweenUsesTheSameZoneRules(String expression, String notBefore, String at, String expected) {
        assertThat(Schedules.parse(expression).latestBetween(Instant.parse(notBefore), Instant.parse(at)))
                .isEqualTo(instant(expected));
    }

    /**
     * Answers are remembered by the second they were asked for: asked again at any instant of that second, a schedule
     * gives what a schedule that never answered before gives, around daylight saving changes too.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *
            */7 3-5 * * 1-5
            CRON_TZ=Europe/Berlin 30 2 * * *
            CRON_TZ=America/New_York 0 * * * *
            """)
    void rememberedAnswersAreTheAnswersAtEveryInstantOfTheSecond(String expression) {
        CronSchedule shared = (CronSchedule) Schedules.parse(expression);
        java.util.Random random = new java.util.Random(expression.hashCode());
        Instant start = Instant.parse("2026-03-27T00:00:00Z");
        for (int i = 0; i < 3_000; i++) {
            // few distinct seconds, so that most questions are answered from memory
            Instant second = start.plusSeconds(random.nextInt(600) * 997L);
            Instant asked = second.plusNanos(random.nextInt(1_000_000_000));
            Instant notBefore = second.minusSeconds(random.nextInt(4) * 1800L);
            CronSchedule fresh = new CronSchedule(expression, shared.zone(), shared.fields());
            assertThat(shared.next(asked)).as("next(%s)", asked).isEqualTo(fresh.next(asked));
            assertThat(shared.latestBetween(notBefore, asked)).as("latestBetween(%s, %s)", notBefore, asked)
                    .isEqualTo(fresh.latestBetween(notBefore, asked));
        }
    }
}
