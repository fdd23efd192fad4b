package io.k0rdent.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulesTest {

    @ParameterizedTest(name = "\"{0}\" rejected: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                  | the schedule is empty
            '   '                               | the schedule is empty
            garbage                             | expected 5 fields (minute hour day-of-month month day-of-week), found 1
            * * * *                             | expected 5 fields (minute hour day-of-month month day-of-week), found 4
            0 * * * * *                         | found 6; a seconds field is not supported
            60 * * * *                          | minute value 60 is out of range 0-59
            * 24 * * *                          | hour value 24 is out of range 0-23
            * * 0 * *                           | day-of-month value 0 is out of range 1-31
            * * 32 * *                          | day-of-month value 32 is out of range 1-31
            * * * 13 *                          | month value 13 is out of range 1-12 or JAN-DEC
            * * * * 8                           | day-of-week value 8 is out of range 0-7 or SUN-SAT
            * * * * 99999999999                 | day-of-week value 99999999999 is out of range
            * * * FOO *                         | month value "FOO" is not a number or a name (allowed: 1-12 or JAN-DEC)
            a b c d e                           | minute value "a" is not a number (allowed: 0-59)
            */0 * * * *                         | minute entry "*/0" has step 0
            */x * * * *                         | minute entry "*/x" needs a whole number after '/'
            5-1 * * * *                         | minute range "5-1" starts after it ends
            * * * * fri-mon                     | day-of-week range "fri-mon" starts after it ends
            '1,,2 * * * *'                      | minute field "1,,2" has an empty list entry
            1/2/3 * * * *                       | minute entry "1/2/3" has more than one '/'
            1-2-3 * * * *                       | minute entry "1-2-3" has more than one '-'
            -5 * * * *                          | minute entry "-5" is missing a value
            0 0 L * *                           | day-of-month value "L" is not a number
            0 0 15W * *                         | day-of-month value "15W" is not a number
            0 0 * * 5#2                         | day-of-week value "5#2" is not a number or a name
            @every                              | @every needs a duration, e.g. "@every 1h30m"
            @every 1x                           | @every: invalid duration "1x": unknown unit "x"
            @every 1h 30m                       | spaces are not allowed
            @every 90                           | missing unit after 90
            @every 500ms                        | @every interval must be at least 1s, got "500ms"
            @every 0s                           | @every interval must be at least 1s
            @every -1h                          | @every interval must be at least 1s
            @fortnightly                        | unknown descriptor "@fortnightly"; expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>
            @Daily                              | descriptors are lowercase: write "@daily" instead of "@Daily"
            @EVERY 1h                           | descriptors are lowercase: write "@every"
            @daily 0 0 * * *                    | @daily takes nothing after it
            @every1h                            | unknown descriptor "@every1h"
            CRON_TZ=Mars/Olympus 0 * * * *      | unknown time zone "Mars/Olympus" (expected an IANA name such as Europe/Berlin or UTC)
            TZ=europe/berlin 0 * * * *          | unknown time zone "europe/berlin"
            TZ=+02:00 0 * * * *                 | unknown time zone "+02:00"
            CRON_TZ=Local 0 * * * *             | unknown time zone "Local"
            'CRON_TZ= 0 * * * *'                | CRON_TZ= needs a time zone name
            CRON_TZ=Europe/Berlin               | CRON_TZ= must be followed by a space and a schedule
            CRON_TZ=Europe/Berlin 0 * * *       | expected 5 fields
            """)
    void rejectsInvalidExpressionsNamingWhatIsWrong(String expression, String reason) {
        assertThatThrownBy(() -> Schedules.parse(expression))
                .isInstanceOfSatisfying(InvalidScheduleException.class, e -> {
                    assertThat(e.expression()).isEqualTo(expression);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).isEqualTo("invalid schedule \"" + expression + "\": " + e.reason());
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "* * * * *",
        "? ? ? ? ?",
        "*/6 * * * *",
        "1-30/5 * * * *",
        "5/15 * * * *",
        "0,15,30,45 0-23/2 1,15 */3 1-5",
        "0 0 * jan-MAR sun,Sat",
        "0 0 * Jan Sun-SAT/2",
        "0 0 * * 7",
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
        "@every 1h30m",
        "@every 1.5s",
        "@every 1s",
        "CRON_TZ=Europe/Berlin 30 2 * * *",
        "TZ=America/New_York 0 9 * * *",
        "CRON_TZ=UTC @daily",
        "CRON_TZ=Asia/Tokyo @every 5m",
        "  0 3 * * *  \n",
        "0\t3  *   * *",
    })
    void acceptsRobfigStandardSyntax(String expression) {
        Schedule schedule = Schedules.parse(expression);

        assertThat(schedule.expression()).isEqualTo(expression);
        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:00Z"))).isPresent();
    }

    @Test
    void everyIntervalIsTruncatedToWholeSeconds() {
        Schedule schedule = Schedules.parse("@every 1.9s");

        assertThat(schedule).isInstanceOfSatisfying(EverySchedule.class,
                every -> assertThat(every.interval()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void everyBelowOneSecondIsRejectedEvenThoughRobfigWouldRoundItUp() {
        assertThatThrownBy(() -> Schedules.parse("@every 999ms"))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("must be at least 1s");
    }
}
