package io.k0rdent.backup.schedule;

import java.time.LocalDateTime;
import java.time.Month;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The five fields of a standard cron line reduced to sets of allowed values, following robfig/cron's
 * standard parser, which is what k0rdent kcm accepts.
 */
final class CronFields {

    /** One cron field: its name for messages, its bounds and its optional names. */
    enum Field {
        MINUTE("minute", 0, 59, 59, List.of()),
        HOUR("hour", 0, 23, 23, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, 31, List.of()),
        MONTH("month", 1, 12, 12,
                List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
        // 7 is accepted as a second spelling of Sunday, but ranges implied by '*' or 'N/step' stop at 6
        // as in robfig/cron; otherwise "1/3" would quietly add Sunday.
        DAY_OF_WEEK("day-of-week", 0, 6, 7, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));

        final String label;
        final int min;
        final int max;
        final int maxAccepted;
        final List<String> names;

        Field(String label, int min, int max, int maxAccepted, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.maxAccepted = maxAccepted;
            this.names = names;
        }

        String rangeText() {
            String numeric = min + "-" + maxAccepted;
            if (names.isEmpty()) {
                return numeric;
            }
            return numeric + " or " + names.get(0).toUpperCase(Locale.ROOT) + "-"
                    + names.get(names.size() - 1).toUpperCase(Locale.ROOT);
        }

        long allBits() {
            long bits = 0;
            for (int v = min; v <= max; v++) {
                bits |= 1L << v;
            }
            return bits;
        }
    }

    /** A field's text could not be understood; the message is the user-facing reason. */
    static final class FieldException extends Exception {
        private static final long serialVersionUID = 1L;

        FieldException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    // Whether a day field was written as '*', '?' or '*/1'; this, not the set of values, decides how the two day
    // fields combine, so "1-31" still counts as a restriction.
    private final boolean dayOfMonthUnrestricted;
    private final boolean dayOfWeekUnrestricted;

    private CronFields(long[] bits, boolean[] unrestricted) {
        this.minutes = bits[0];
        this.hours = bits[1];
        this.daysOfMonth = bits[2];
        this.months = bits[3];
        this.daysOfWeek = bits[4];
        this.dayOfMonthUnrestricted = unrestricted[2];
        this.dayOfWeekUnrestricted = unrestricted[4];
    }

    /** Parses exactly five whitespace-free field texts in the order minute, hour, day-of-month, month, day-of-week. */
    static CronFields parse(String[] texts) throws FieldException {
        Field[] fields = Field.values();
        if (texts.length != fields.length) {
            throw new IllegalArgumentException("expected " + fields.length + " fields, got " + texts.length);
        }
        long[] bits = new long[fields.length];
        boolean[] unrestricted = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            for (String part : texts[i].split(",", -1)) {
                ParsedPart parsed = parsePart(fields[i], texts[i], part);
                bits[i] |= parsed.bits;
                unrestricted[i] |= parsed.unrestricted;
            }
        }
        return new CronFields(bits, unrestricted);
    }

    private record ParsedPart(long bits, boolean unrestricted) {
    }

    private static ParsedPart parsePart(Field field, String whole, String part) throws FieldException {
        if (part.isEmpty()) {
            throw new FieldException(field.label + " field \"" + whole + "\" has an empty list entry");
        }
        String[] rangeAndStep = part.split("/", -1);
        if (rangeAndStep.length > 2) {
            throw new FieldException(field.label + " entry \"" + part + "\" has more than one '/'");
        }
        String range = rangeAndStep[0];
        boolean wildcard = range.equals("*") || range.equals("?");
        int low;
        int high;
        boolean single = false;
        if (wildcard) {
            low = field.min;
            high = field.max;
        } else {
            String[] bounds = range.split("-", -1);
            if (bounds.length > 2) {
                throw new FieldException(field.label + " entry \"" + part + "\" has more than one '-'");
            }
            low = value(field, part, bounds[0]);
            single = bounds.length == 1;
            high = single ? low : value(field, part, bounds[1]);
        }

        int step = 1;
        if (rangeAndStep.length == 2) {
            step = step(field, part, rangeAndStep[1]);
            if (single) {
                // "5/15" means "from 5 to the end of the field, every 15"
                high = Math.max(low, field.max);
            }
        }
        if (low > high) {
            throw new FieldException(field.label + " range \"" + range + "\" starts after it ends");
        }

        long bits = 0;
        for (long v = low; v <= high; v += step) {
            bits |= 1L << (field == Field.DAY_OF_WEEK && v == 7 ? 0 : (int) v);
        }
        // robfig/cron counts "*/1" as unrestricted but "*/2" as a restriction
        return new ParsedPart(bits, wildcard && step == 1);
    }

    private static int value(Field field, String part, String text) throws FieldException {
        if (text.isEmpty()) {
            throw new FieldException(field.label + " entry \"" + part + "\" is missing a value");
        }
        int index = field.names.indexOf(text.toLowerCase(Locale.ROOT));
        if (index >= 0) {
            return field.min + index;
        }
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String what = field.names.isEmpty() ? "a number" : "a number or a name";
            throw new FieldException(field.label + " value \"" + text + "\" is not " + what
                    + " (allowed: " + field.rangeText() + ")");
        }
        int value = text.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (value < field.min || value > field.maxAccepted) {
            throw new FieldException(field.label + " value " + text + " is out of range " + field.rangeText());
        }
        return value;
    }

    private static int step(Field field, String part, String text) throws FieldException {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new FieldException(field.label + " entry \"" + part + "\" needs a whole number after '/'");
        }
        int step = text.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (step < 1) {
            throw new FieldException(field.label + " entry \"" + part + "\" has step 0; the step must be at least 1");
        }
        return step;
    }

    /**
     * Whether both day fields restrict the day, in which case a day matches if either matches (Vixie cron);
     * otherwise a day must match both, which just means the restricted one.
     */
    boolean daysCombineWithOr() {
        return !dayOfMonthUnrestricted && !dayOfWeekUnrestricted;
    }

    /** Whether a wall-clock minute is in the schedule; seconds and nanos are ignored. */
    boolean matches(LocalDateTime wall) {
        if (!has(minutes, wall.getMinute()) || !has(hours, wall.getHour())
                || !has(months, wall.getMonthValue())) {
            return false;
        }
        boolean dayOfMonth = has(daysOfMonth, wall.getDayOfMonth());
        boolean dayOfWeek = has(daysOfWeek, wall.getDayOfWeek().getValue() % 7);
        return daysCombineWithOr() ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
    }

    /**
     * cron-utils (UNIX flavour) expressions that together describe this schedule: the slot set is their union.
     * Only plain comma lists and '*' are emitted, so none of cron-utils' own readings of steps, '?', names or
     * 7-as-Sunday come into play. When both day fields restrict, the schedule is split into a day-of-month line
     * and a day-of-week line, each with the other day field '*', so the OR does not depend on cron-utils.
     * An empty list means the schedule never fires.
     */
    List<String> cronUtilsExpressions() {
        String minute = list(Field.MINUTE, minutes);
        String hour = list(Field.HOUR, hours);
        String month = list(Field.MONTH, months);
        String dayOfMonth = dayOfMonthUnrestricted ? "*" : values(Field.DAY_OF_MONTH, daysOfMonth);
        String dayOfWeek = dayOfWeekUnrestricted ? "*" : values(Field.DAY_OF_WEEK, daysOfWeek);
        String prefix = minute + " " + hour + " ";
        // cron-utils needs close to a second to conclude that a date like February 30 never comes, so lines
        // that cannot fire are left out here instead.
        if (daysCombineWithOr()) {
            String byDayOfWeek = prefix + "* " + month + " " + dayOfWeek;
            return dayOfMonthCanOccur()
                    ? List.of(prefix + dayOfMonth + " " + month + " *", byDayOfWeek)
                    : List.of(byDayOfWeek);
        }
        if (!dayOfMonthUnrestricted && !dayOfMonthCanOccur()) {
            return List.of();
        }
        return List.of(prefix + dayOfMonth + " " + month + " " + dayOfWeek);
    }

    /** Whether some allowed month has some allowed day of month, counting February 29. */
    private boolean dayOfMonthCanOccur() {
        for (Month month : Month.values()) {
            if (has(months, month.getValue())) {
                for (int day = 1; day <= month.maxLength(); day++) {
                    if (has(daysOfMonth, day)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String list(Field field, long bits) {
        return bits == field.allBits() ? "*" : values(field, bits);
    }

    private static String values(Field field, long bits) {
        StringJoiner joiner = new StringJoiner(",");
        for (int v = field.min; v <= field.max; v++) {
            if (has(bits, v)) {
                joiner.add(Integer.toString(v));
            }
        }
        return joiner.toString();
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }
}
