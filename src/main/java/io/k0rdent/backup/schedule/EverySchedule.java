package io.k0rdent.backup.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * An {@code @every <duration>} schedule: slots repeat at a fixed interval counted from whatever instant the caller
 * anchors on (truncated to the second), not from a wall clock.
 */
final class EverySchedule implements Schedule {

    private final String expression;
    private final Duration interval;

    EverySchedule(String expression, Duration interval) {
        if (interval.getNano() != 0 || interval.getSeconds() < 1) {
            throw new IllegalArgumentException("interval must be a positive whole number of seconds: " + interval);
        }
        this.expression = expression;
        this.interval = interval;
    }

    @Override
    public String expression() {
        return expression;
    }

    Duration interval() {
        return interval;
    }

    /** {@code after} truncated to the second, plus one interval. */
    @Override
    public Optional<Instant> next(Instant after) {
        try {
            return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(interval));
        } catch (DateTimeException | ArithmeticException beyondInstantRange) {
            return Optional.empty();
        }
    }

    /** {@code notBefore} truncated to the second, plus the largest whole number (at least 1) of intervals that still fits. */
    @Override
    public Optional<Instant> latestBetween(Instant notBefore, Instant at) {
        Instant anchor = notBefore.truncatedTo(ChronoUnit.SECONDS);
        // Instants span about 6.3e16 seconds, so the difference cannot overflow a long.
        long elapsedSeconds = at.getEpochSecond() - anchor.getEpochSecond();
        long intervals = elapsedSeconds / interval.getSeconds();
        if (intervals < 1) {
            return Optional.empty();
        }
        return Optional.of(anchor.plusSeconds(intervals * interval.getSeconds()));
    }

    @Override
    public String toString() {
        return expression;
    }
}
