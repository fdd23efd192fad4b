package io.k0rdent.backup.schedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, without side effects, whether a scheduled ManagementBackup is due and when to look again.
 *
 * <p>The decision depends only on its inputs, so a controller that restarts between deciding and recording a slot
 * gets the same slot again and can name the backup after it idempotently.
 */
public final class SchedulePlanner {

    private SchedulePlanner() {
    }

    /**
     * Plans the next step for a scheduled backup.
     *
     * <p>The base is {@code lastSlot}, or {@code createdAt} before the first backup; the first pending slot is
     * {@code schedule.next(base)}.
     * <ul>
     *   <li>Immediate first backup ({@code lastSlot == null && immediate}): the slot is {@code createdAt}
     *       truncated to the second, due once {@code now} reaches it; the next attempt is the schedule's next slot
     *       after it.</li>
     *   <li>Otherwise, once {@code now} reaches the first pending slot, the due slot is the <em>latest</em> slot in
     *       {@code (base, now]}. After downtime that missed several slots this yields exactly one catch-up backup,
     *       for the most recent one, never a burst. The next attempt is the schedule's next slot after the due
     *       slot.</li>
     *   <li>Before that, nothing is due and the next attempt is the first pending slot.</li>
     *   <li>While {@code suspended} nothing is ever due. The next attempt is the pending slot (the immediate slot
     *       or the first pending slot) if it is still in the future, else the first slot after {@code now}. Since
     *       suspension does not move the base, resuming after it covered a slot makes the latest missed slot due at
     *       once, as after downtime; a caller that wants to drop it can record a later {@code lastSlot}.</li>
     * </ul>
     *
     * @param schedule parsed schedule
     * @param createdAt creationTimestamp of the ManagementBackup
     * @param lastSlot slot of the last backup taken or skipped (null if none yet)
     * @param immediate take the first backup at once after creation (only when lastSlot == null)
     * @param suspended no new backups while true (still compute nextAttempt)
     * @param now current instant
     */
    public static Plan plan(Schedule schedule, Instant createdAt, Instant lastSlot, boolean immediate,
            boolean suspended, Instant now) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(now, "now");

        Optional<Instant> pending;
        boolean immediateFirst = lastSlot == null && immediate;
        Instant base = lastSlot != null ? lastSlot : createdAt;
        if (immediateFirst) {
            pending = Optional.of(createdAt.truncatedTo(ChronoUnit.SECONDS));
        } else {
            pending = schedule.next(base);
        }

        boolean reached = pending.isPresent() && !now.isBefore(pending.get());
        if (!reached) {
            return new Plan(Optional.empty(), pending);
        }
        if (suspended) {
            return new Plan(Optional.empty(), schedule.next(now));
        }

        Instant due = immediateFirst
                ? pending.get()
                // The pending slot lies in (base, now], so a consistent schedule always finds one; falling back to
                // it guards against a schedule whose next and latestBetween disagree.
                : schedule.latestBetween(base, now).orElse(pending.get());
        return new Plan(Optional.of(due), schedule.next(due));
    }

    /**
     * The outcome of {@link #plan}.
     *
     * @param dueSlot the slot to back up now; empty if nothing is due
     * @param nextAttempt the next slot after {@code dueSlot} if one is due, otherwise the first pending slot; empty
     *        if the schedule never fires again
     */
    public record Plan(Optional<Instant> dueSlot, Optional<Instant> nextAttempt) {

        public Plan {
            Objects.requireNonNull(dueSlot, "dueSlot");
            Objects.requireNonNull(nextAttempt, "nextAttempt");
        }

        /** Whether a backup should be taken now, for {@link #dueSlot()}. */
        public boolean isDue() {
            return dueSlot.isPresent();
        }
    }
}
