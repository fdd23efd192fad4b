package io.k0rdent.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EveryScheduleTest {

    private static Optional<Instant> instant(String text) {
        return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    }

    @ParameterizedTest(name = "[{0}] next after {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            @every 1h30m   | 2026-01-01T10:00:07Z      | 2026-01-01T11:30:07Z
            @every 1h30m   | 2026-01-01T10:00:07.900Z  | 2026-01-01T11:30:07Z
            @every 1s      | 2026-01-01T10:00:00Z      | 2026-01-01T10:00:01Z
            @every 1.999s  | 2026-01-01T10:00:00Z      | 2026-01-01T10:00:01Z
            @every 61s     | 2026-01-01T10:00:00Z      | 2026-01-01T10:01:01Z
            @every 1000h   | 2026-01-01T00:00:00Z      | 2026-02-11T16:00:00Z
            """)
    void nextIsOneIntervalAfterTheAnchorTruncatedToTheSecond(String expression, String after, String expected) {
        assertThat(Schedules.parse(expression).next(Instant.parse(after))).isEqualTo(instant(expected));
    }

    @ParameterizedTest(name = "[{0}] latest in ({1}, {2}] = {3}")
    @CsvSource(delimiter = '|', textBlock = """
            @every 1h30m   | 2026-01-01T10:00:07Z      | 2026-01-01T11:30:06.999Z |
            @every 1h30m   | 2026-01-01T10:00:07Z      | 2026-01-01T11:30:07Z     | 2026-01-01T11:30:07Z
            @every 1h30m   | 2026-01-01T10:00:07Z      | 2026-01-01T20:00:00Z     | 2026-01-01T19:00:07Z
            @every 1h30m   | 2026-01-01T10:00:07.500Z  | 2026-01-01T11:30:07Z     | 2026-01-01T11:30:07Z
            @every 1h30m   | 2026-01-01T10:00:07Z      | 2026-01-01T10:00:07Z     |
            @every 1h30m   | 2026-01-01T10:00:07Z      | 2026-01-01T09:00:00Z     |
            @every 1s      | 1970-01-01T00:00:00Z      | 2100-01-01T00:00:00.5Z   | 2100-01-01T00:00:00Z
            @every 7s      | 2026-01-01T00:00:00Z      | 2026-01-01T00:01:00Z     | 2026-01-01T00:00:56Z
            """)
    void latestBetweenIsTheLastWholeIntervalAfterNotBefore(String expression, String notBefore, String at,
            String expected) {
        assertThat(Schedules.parse(expression).latestBetween(Instant.parse(notBefore), Instant.parse(at)))
                .isEqualTo(instant(expected));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            @every 1s
            @every 1h30m
            CRON_TZ=Europe/Berlin @every 24h
            """)
    void slotsIgnoreTimeZonesAndDaylightSaving(String expression) {
        Schedule schedule = Schedules.parse(expression);
        Instant beforeFallBack = Instant.parse("2026-10-24T12:00:00Z");

        Instant next = schedule.next(beforeFallBack).orElseThrow();
        Instant later = schedule.next(next).orElseThrow();

        assertThat(Duration.between(beforeFallBack, next)).isEqualTo(Duration.between(next, later));
    }
}
