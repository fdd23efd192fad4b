package io.k0rdent.backup.api;

/**
 * The ranges this operator's CRDs give their integers. The API server enforces {@code minimum} and {@code maximum}
 * (not {@code format}), so each integer's range in the schema lies within what its Java field holds: an object the API
 * server accepts is always one the operator can read, and a value it cannot hold is refused when it is applied.
 */
public final class Bounds {

    /**
     * Largest generation a schema allows: 2^53 - 1, the largest integer a float64 holds exactly (the API server
     * compares with float64 bounds), far within a {@code Long}, and past any generation an object reaches.
     */
    public static final double MAX_GENERATION = 9_007_199_254_740_991d;
    /** Most backups {@code retention.keepLast} keeps: more than a year of hourly backups. */
    public static final double MAX_KEEP_LAST = 10_000;

    private Bounds() {
    }
}
