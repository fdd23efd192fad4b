package io.k0rdent.backup.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns schedule text into a {@link Schedule}, accepting what robfig/cron's standard parser (used by k0rdent kcm)
 * accepts.
 *
 * <p>Accepted forms, optionally preceded by {@code CRON_TZ=<IANA zone> } or {@code TZ=<IANA zone> } (default UTC):
 * <ul>
 *   <li>five cron fields {@code minute hour day-of-month month day-of-week} with {@code *}, {@code ?}, lists,
 *       ranges, steps ({@code *}{@code /6}, {@code 1-30/5}, {@code 5/15} = from 5 to the end every 15),
 *       month names JAN-DEC and day names SUN-SAT in any case, and day-of-week 7 as Sunday. When both day fields
 *       are restricted a day matches if either does; {@code *}, {@code ?} and {@code *}{@code /1} count as
 *       unrestricted;</li>
 *   <li>the descriptors {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 *       {@code @midnight} and {@code @hourly}, lowercase only, as in robfig/cron;</li>
 *   <li>{@code @every <Go duration>}, truncated to whole seconds and at least one second.</li>
 * </ul>
 * Surrounding whitespace is ignored; fields are separated by any run of whitespace.
 */
public final class Schedules {

    private static final Map<String, String> DESCRIPTORS = descriptors();
    private static final String EVERY = "@every";
    private static final String FIELDS_HINT = "minute hour day-of-month month day-of-week";
    private static final Set<String> ZONE_IDS = ZoneId.getAvailableZoneIds();
    /** Same notion of whitespace as {@link String#strip()} and {@link Character#isWhitespace(char)}. */
    private static final Pattern WHITESPACE = Pattern.compile("\\p{javaWhitespace}+");

    /**
     * Schedules already parsed, by their text: every reconcile decides from its schedule, and parsing a cron expression
     * costs more than the decision (a slot shared by a thousand ManagementBackups parsed the same text a thousand times).
     * Schedules are immutable; a few distinct texts are usual, the bound only keeps odd clusters from growing it.
     */
    private static final Map<String, Schedule> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 4096;

    private Schedules() {
    }

    private static Map<String, String> descriptors() {
        Map<String, String> descriptors = new LinkedHashMap<>();
        descriptors.put("@yearly", "0 0 1 1 *");
        descriptors.put("@annually", "0 0 1 1 *");
        descriptors.put("@monthly", "0 0 1 * *");
        descriptors.put("@weekly", "0 0 * * 0");
        descriptors.put("@daily", "0 0 * * *");
        descriptors.put("@midnight", "0 0 * * *");
        descriptors.put("@hourly", "0 * * * *");
        return descriptors;
    }

    /**
     * Parses a schedule expression.
     *
     * @throws InvalidScheduleException with a message naming what is wrong; also for empty or blank text, which
     *         callers that treat an empty schedule as "no schedule" must check for before calling
     */
    public static Schedule parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        Schedule known = PARSED.get(expression);
        if (known != null) {
            return known;
        }
        Schedule parsed = parseText(expression);
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(expression, parsed);
        return parsed;
    }

    private static Schedule parseText(String expression) {
        String rest = expression.strip();
        if (rest.isEmpty()) {
            throw new InvalidScheduleException(expression, "the schedule is empty");
        }

        ZoneId zone = ZoneOffset.UTC;
        String zonePrefix = rest.startsWith("CRON_TZ=") ? "CRON_TZ=" : rest.startsWith("TZ=") ? "TZ=" : null;
        if (zonePrefix != null) {
            int end = zonePrefix.length();
            while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
                end++;
            }
            zone = zone(expression, zonePrefix, rest.substring(zonePrefix.length(), end));
            rest = rest.substring(end).strip();
            if (rest.isEmpty()) {
                throw new InvalidScheduleException(expression,
                        zonePrefix + " must be followed by a space and a schedule, e.g. \"" + zonePrefix
                                + "Europe/Berlin 0 3 * * *\"");
            }
        }

        if (rest.startsWith("@")) {
            return descriptor(expression, zone, rest);
        }
        return cron(expression, zone, rest);
    }

    private static ZoneId zone(String expression, String prefix, String name) {
        if (name.isEmpty()) {
            throw new InvalidScheduleException(expression, prefix + " needs a time zone name, e.g. " + prefix
                    + "Europe/Berlin");
        }
        // Only IANA names: Java would also take offsets such as "+02:00" that Go's LoadLocation rejects.
        if (!ZONE_IDS.contains(name)) {
            throw new InvalidScheduleException(expression, "unknown time zone \"" + name
                    + "\" (expected an IANA name such as Europe/Berlin or UTC)");
        }
        return ZoneId.of(name);
    }

    private static Schedule descriptor(String expression, ZoneId zone, String text) {
        String[] words = WHITESPACE.split(text, 2);
        if (words[0].equals(EVERY)) {
            return every(expression, words.length > 1 ? words[1] : "");
        }
        String fields = DESCRIPTORS.get(words[0]);
        if (fields == null) {
            String lower = words[0].toLowerCase(Locale.ROOT);
            if (DESCRIPTORS.containsKey(lower) || lower.equals(EVERY)) {
                throw new InvalidScheduleException(expression, "descriptors are lowercase: write \"" + lower
                        + "\" instead of \"" + words[0] + "\"");
            }
            throw new InvalidScheduleException(expression, "unknown descriptor \"" + words[0] + "\"; expected one of "
                    + String.join(", ", DESCRIPTORS.keySet()) + " or " + EVERY + " <duration>");
        }
        if (words.length > 1) {
            throw new InvalidScheduleException(expression, words[0] + " takes nothing after it, found \"" + words[1]
                    + "\"");
        }
        return cronFromFields(expression, zone, fields.split(" "));
    }

    private static Schedule every(String expression, String durationText) {
        if (durationText.isEmpty()) {
            throw new InvalidScheduleException(expression, EVERY + " needs a duration, e.g. \"@every 1h30m\"");
        }
        Duration duration;
        try {
            duration = GoDuration.parse(durationText);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException(expression, EVERY + ": " + e.getMessage(), e);
        }
        Duration interval = duration.truncatedTo(ChronoUnit.SECONDS);
        if (interval.getSeconds() < 1) {
            throw new InvalidScheduleException(expression, EVERY + " interval must be at least 1s, got \""
                    + durationText + "\"");
        }
        return new EverySchedule(expression, interval);
    }

    private static Schedule cron(String expression, ZoneId zone, String text) {
        String[] fields = WHITESPACE.split(text);
        if (fields.length != CronFields.Field.values().length) {
            throw new InvalidScheduleException(expression, "expected 5 fields (" + FIELDS_HINT + "), found "
                    + fields.length + (fields.length == 6 ? "; a seconds field is not supported" : ""));
        }
        return cronFromFields(expression, zone, fields);
    }

    private static Schedule cronFromFields(String expression, ZoneId zone, String[] fields) {
        try {
            return new CronSchedule(expression, zone, CronFields.parse(fields));
        } catch (CronFields.FieldException e) {
            throw new InvalidScheduleException(expression, e.getMessage());
        }
    }
}
