package io.k0rdent.backup.schedule;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Parses durations written the way Go's {@code time.ParseDuration} accepts them, as used by {@code @every}. */
public final class GoDuration {

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private static final String UNITS_HINT = "use ns, us, ms, s, m or h";

    /** Go durations are signed 64-bit nanosecond counts; the negative side reaches one further. */
    private static final BigInteger MAX_POSITIVE_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MAX_NEGATIVE_NANOS = MAX_POSITIVE_NANOS.add(BigInteger.ONE);

    private GoDuration() {
    }

    /**
     * Parses a Go duration such as {@code 1h30m}, {@code 1.5h}, {@code .5s}, {@code -2m} or {@code 0}.
     * Units are ns, us, µs (U+00B5), μs (U+03BC), ms, s, m and h; every number needs a unit except a lone
     * {@code 0}; no spaces are allowed. Each fractional component is truncated to whole nanoseconds, as Go does.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything Go would reject
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        int pos = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            negative = text.charAt(0) == '-';
            pos = 1;
        }
        if (text.substring(pos).equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        if (pos == text.length()) {
            throw invalid(text, "no number after the sign");
        }

        BigInteger total = BigInteger.ZERO;
        BigInteger limit = negative ? MAX_NEGATIVE_NANOS : MAX_POSITIVE_NANOS;
        while (pos < text.length()) {
            int numberStart = pos;
            pos = skipDigits(text, pos);
            boolean hasIntegerDigits = pos > numberStart;
            boolean hasFractionDigits = false;
            if (pos < text.length() && text.charAt(pos) == '.') {
                int fractionStart = pos + 1;
                pos = skipDigits(text, fractionStart);
                hasFractionDigits = pos > fractionStart;
            }
            if (!hasIntegerDigits && !hasFractionDigits) {
                String rest = text.substring(numberStart);
                throw invalid(text, "expected a number at \"" + rest + "\"");
            }
            String number = text.substring(numberStart, pos);

            int unitStart = pos;
            while (pos < text.length() && !isDigit(text.charAt(pos)) && text.charAt(pos) != '.') {
                pos++;
            }
            if (unitStart == pos) {
                throw invalid(text, "missing unit after " + number + " (" + UNITS_HINT + ")");
            }
            String unit = text.substring(unitStart, pos);
            Long nanosPerUnit = NANOS_PER_UNIT.get(unit);
            if (nanosPerUnit == null) {
                String spaces = unit.chars().anyMatch(Character::isWhitespace) ? "; spaces are not allowed" : "";
                throw invalid(text, "unknown unit \"" + unit + "\" (" + UNITS_HINT + spaces + ")");
            }

            BigInteger nanos = new BigDecimal(number)
                    .multiply(BigDecimal.valueOf(nanosPerUnit))
                    .setScale(0, RoundingMode.DOWN)
                    .toBigIntegerExact();
            total = total.add(nanos);
            if (total.compareTo(limit) > 0) {
                throw invalid(text, "it is out of range (at most about 292 years)");
            }
        }
        long magnitude = total.longValue();
        return Duration.ofNanos(negative ? -magnitude : magnitude);
    }

    private static int skipDigits(String text, int pos) {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid duration \"" + text + "\": " + reason);
    }
}
