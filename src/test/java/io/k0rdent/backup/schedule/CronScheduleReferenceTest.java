package io.k0rdent.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link CronSchedule} with a slow but obvious definition of its slots, minute by minute, around
 * daylight-saving transitions: an instant is a slot if its wall time matches the fields and this is the first
 * time that wall time occurs.
 */
class CronScheduleReferenceTest {

    private static final Duration HORIZON = Duration.ofDays(8);

    static Stream<Arguments> cases() {
        String[] zonesAndTransitions = {
            "UTC|2026-03-29T01:00:00Z",
            "Europe/Berlin|2026-03-29T01:00:00Z",
            "Europe/Berlin|2026-10-25T01:00:00Z",
            "America/New_York|2026-03-08T07:00:00Z",
            "America/New_York|2026-11-01T06:00:00Z",
            // Lord Howe Island shifts by only 30 minutes.
            "Australia/Lord_Howe|2026-04-04T15:00:00Z",
            "Australia/Lord_Howe|2026-10-03T15:30:00Z",
        };
        String[] fields = {
            "* * * * *",
            "*/7 * * * *",
            "30 2 * * *",
            "0 * * * *",
            "0,30 1-3 * * *",
            "15 1-3 25-31 * 0",
        };
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String zoneAndTransition : zonesAndTransitions) {
            String[] parts = zoneAndTransition.split("\\|");
            for (String field : fields) {
                cases.add(Arguments.of("CRON_TZ=" + parts[0] + " " + field, Instant.parse(parts[1])));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} around {1}")
    @MethodSource("cases")
    void nextAndLatestBetweenAgreeWithMinuteByMinuteReference(String expression, Instant transition) {
        CronSchedule schedule = (CronSchedule) Schedules.parse(expression);
        for (long offsetSeconds = -4 * 3600; offsetSeconds <= 4 * 3600; offsetSeconds += 7 * 60 + 13) {
            Instant probe = transition.plusSeconds(offsetSeconds);

            assertThat(schedule.next(probe)).as("next after %s", probe).isEqualTo(referenceNext(schedule, probe));
            Instant notBefore = probe.minus(Duration.ofDays(2));
            assertThat(schedule.latestBetween(notBefore, probe))
                    .as("latest in (%s, %s]", notBefore, probe)
                    .isEqualTo(referenceLatest(schedule, notBefore, probe));
        }
    }

    private static Optional<Instant> referenceNext(CronSchedule schedule, Instant after) {
        Instant candidate = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        for (; candidate.isBefore(after.plus(HORIZON)); candidate = candidate.plus(1, ChronoUnit.MINUTES)) {
            if (isSlot(schedule, candidate)) {
                return Optional.of(candidate);
            }
        }
        throw new AssertionError("reference found no slot within " + HORIZON + " after " + after);
    }

    private static Optional<Instant> referenceLatest(CronSchedule schedule, Instant notBefore, Instant at) {
        for (Instant candidate = at.truncatedTo(ChronoUnit.MINUTES); candidate.isAfter(notBefore);
                candidate = candidate.minus(1, ChronoUnit.MINUTES)) {
            if (isSlot(schedule, candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isSlot(CronSchedule schedule, Instant instant) {
        LocalDateTime wall = LocalDateTime.ofInstant(instant, schedule.zone());
        boolean firstOccurrence = ZonedDateTime.ofLocal(wall, schedule.zone(), null).toInstant().equals(instant);
        return firstOccurrence && schedule.fields().matches(wall);
    }
}
