package io.k0rdent.backup.schedule;

import java.time.Instant;
import java.util.Optional;

/** A parsed backup schedule that answers when its slots fall; immutable and thread-safe. */
public interface Schedule {

    /** The text this schedule was parsed from, exactly as given to {@link Schedules#parse(String)}. */
    String expression();

    /**
     * First slot strictly after {@code after}. Slots are whole seconds (nanos 0).
     * Empty only if the schedule never fires again (for example {@code 0 0 30 2 *}).
     */
    Optional<Instant> next(Instant after);

    /**
     * Latest slot in the half-open interval {@code (notBefore, at]}; empty if there is none.
     * Runs in time independent of the length of the interval, so a range of years is as cheap as a minute.
     */
    Optional<Instant> latestBetween(Instant notBefore, Instant at);
}
