package io.k0rdent.backup.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A five-field cron schedule evaluated in a time zone.
 *
 * <p>Slots are wall-clock minutes in {@link #zone}. A wall time that does not exist because clocks spring forward
 * is skipped; a wall time that occurs twice because clocks fall back is a slot only at its first occurrence.
 * That is what robfig/cron does for daily schedules, and it keeps "one backup per matching wall time".
 *
 * <p>cron-utils is only asked about wall-clock times, evaluated in UTC where no time is missing or repeated;
 * the mapping to instants is done here. Given a real zone, cron-utils 9.2.1 reports the first occurrence of a
 * repeated wall time from {@code nextExecution} but the second from {@code lastExecution}, and lets
 * {@code * * * * *} run through the repeated hour twice.
 */
final class CronSchedule implements Schedule {

    private static final CronParser CRON_UTILS_PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final CronFields fields;
    private final List<ExecutionTime> wallClock;
    /**
     * Answers already computed, by the second they were asked for (slots are whole seconds, so every instant of a second
     * has the same answers): the thousand ManagementBackups of one schedule ask the same questions at each slot, and
     * cron-utils is the costliest part of a decision. Bounded; cleared when full.
     */
    private final Map<Instant, Optional<Instant>> nextAfter = new ConcurrentHashMap<>();
    private final Map<List<Instant>, Optional<Instant>> latest = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 1024;

    CronSchedule(String expression, ZoneId zone, CronFields fields) {
        this.expression = expression;
        this.zone = zone;
        this.fields = fields;
        List<ExecutionTime> executionTimes = new ArrayList<>();
        for (String cron : fields.cronUtilsExpressions()) {
            executionTimes.add(ExecutionTime.forCron(CRON_UTILS_PARSER.parse(cron)));
        }
        this.wallClock = List.copyOf(executionTimes);
    }

    @Override
    public String expression() {
        return expression;
    }

    ZoneId zone() {
        return zone;
    }

    CronFields fields() {
        return fields;
    }

    @Override
    public Optional<Instant> next(Instant after) {
        return remembered(nextAfter, after.truncatedTo(ChronoUnit.SECONDS), this::computeNext);
    }

    @Override
    public Optional<Instant> latestBetween(Instant notBefore, Instant at) {
        return remembered(latest, List.of(notBefore, at.truncatedTo(ChronoUnit.SECONDS)),
                key -> computeLatestBetween(key.get(0), key.get(1)));
    }

    private static <K> Optional<Instant> remembered(Map<K, Optional<Instant>> answers, K key,
            Function<K, Optional<Instant>> compute) {
        Optional<Instant> known = answers.get(key);
        if (known != null) {
            return known;
        }
        Optional<Instant> answer = compute.apply(key);
        if (answers.size() >= MAX_REMEMBERED) {
            answers.clear();
        }
        answers.put(key, answer);
        return answer;
    }

    private Optional<Instant> computeNext(Instant after) {
        ZoneRules rules = zone.getRules();
        LocalDateTime from;
        try {
            from = LocalDateTime.ofInstant(after, zone);
        } catch (DateTimeException beyondCalendar) {
            return Optional.empty();
        }
        ZoneOffsetTransition repeated = secondPassOfRepeatedTime(after, from, rules);
        if (repeated != null) {
            // Every wall time before the end of the repeated stretch had its first occurrence before `after`.
            from = repeated.getDateTimeBefore().minusNanos(1);
        }
        while (true) {
            Optional<LocalDateTime> candidate = nextWallTime(from);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            LocalDateTime wall = candidate.get();
            ZoneOffsetTransition transition = rules.getTransition(wall);
            if (transition != null && transition.isGap()) {
                from = transition.getDateTimeAfter().minusNanos(1);
                continue;
            }
            return Optional.of(firstOccurrence(wall));
        }
    }

    private Optional<Instant> computeLatestBetween(Instant notBefore, Instant at) {
        if (!at.isAfter(notBefore)) {
            return Optional.empty();
        }
        ZoneRules rules = zone.getRules();
        LocalDateTime before;
        try {
            LocalDateTime wallAt = LocalDateTime.ofInstant(at, zone);
            ZoneOffsetTransition repeated = secondPassOfRepeatedTime(at, wallAt, rules);
            // In the second pass of a repeated stretch, every wall time of that stretch has already occurred once.
            before = repeated != null ? repeated.getDateTimeBefore() : wallAt.plusNanos(1);
        } catch (DateTimeException beyondCalendar) {
            return Optional.empty();
        }
        while (true) {
            Optional<LocalDateTime> candidate = previousWallTime(before);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            LocalDateTime wall = candidate.get();
            ZoneOffsetTransition transition = rules.getTransition(wall);
            if (transition != null && transition.isGap()) {
                before = transition.getDateTimeBefore();
                continue;
            }
            Instant slot = firstOccurrence(wall);
            // Slots grow with wall time, so once one is too early every earlier one is too.
            return slot.isAfter(notBefore) ? Optional.of(slot) : Optional.empty();
        }
    }

    /** Earliest wall-clock slot strictly after {@code wall}. */
    private Optional<LocalDateTime> nextWallTime(LocalDateTime wall) {
        ZonedDateTime asUtc = wall.atZone(ZoneOffset.UTC);
        Optional<LocalDateTime> best = Optional.empty();
        for (ExecutionTime executionTime : wallClock) {
            Optional<LocalDateTime> candidate = executionTime.nextExecution(asUtc).map(ZonedDateTime::toLocalDateTime);
            if (candidate.isPresent() && (best.isEmpty() || candidate.get().isBefore(best.get()))) {
                best = candidate;
            }
        }
        return best;
    }

    /** Latest wall-clock slot strictly before {@code wall}. */
    private Optional<LocalDateTime> previousWallTime(LocalDateTime wall) {
        ZonedDateTime asUtc = wall.atZone(ZoneOffset.UTC);
        Optional<LocalDateTime> best = Optional.empty();
        for (ExecutionTime executionTime : wallClock) {
            Optional<LocalDateTime> candidate = executionTime.lastExecution(asUtc).map(ZonedDateTime::toLocalDateTime);
            if (candidate.isPresent() && (best.isEmpty() || candidate.get().isAfter(best.get()))) {
                best = candidate;
            }
        }
        return best;
    }

    private Instant firstOccurrence(LocalDateTime wall) {
        // With no preferred offset, ofLocal resolves a repeated wall time to its earlier offset.
        return ZonedDateTime.ofLocal(wall, zone, null).toInstant();
    }

    /**
     * The fall-back transition whose repeated stretch {@code instant} is in the second pass of, or null.
     * {@code wall} is the wall time of {@code instant}.
     */
    private static ZoneOffsetTransition secondPassOfRepeatedTime(Instant instant, LocalDateTime wall, ZoneRules rules) {
        ZoneOffsetTransition transition = rules.getTransition(wall);
        if (transition != null && transition.isOverlap() && rules.getOffset(instant).equals(transition.getOffsetAfter())) {
            return transition;
        }
        return null;
    }

    @Override
    public String toString() {
        return expression;
    }
}
