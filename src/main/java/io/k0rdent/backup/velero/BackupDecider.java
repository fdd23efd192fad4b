package io.k0rdent.backup.velero;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.schedule.InvalidScheduleException;
import io.k0rdent.backup.schedule.Schedule;
import io.k0rdent.backup.schedule.SchedulePlanner;
import io.k0rdent.backup.schedule.Schedules;

/**
 * Decides what a ManagementBackup needs now: a new Velero Backup (and under which name), a skipped slot, or nothing.
 * Pure: the controller observes, this decides, the controller acts.
 */
public final class BackupDecider {

    private BackupDecider() {
    }

    /** What the controller saw before deciding. */
    public record Observation(boolean veleroInstalled, StorageLocationCheck location, List<Backup> ownBackups) {
    }

    /** A reason that keeps the ManagementBackup from taking backups, for conditions and {@code status.error}. */
    public record Blocker(String condition, String reason, String message) {
    }

    /** What to do. */
    public sealed interface Action permits Nothing, Create, Skip {
    }

    public record Nothing() implements Action {
    }

    /** Create (or adopt) the Backup {@code name}; {@code slot} is null for a single backup. */
    public record Create(String name, Instant slot) implements Action {
    }

    /** Do not back up {@code slot}, for {@code reason}, and remember it was handled. */
    public record Skip(Instant slot, String reason) implements Action {
    }

    public record Decision(Action action, Optional<Instant> nextAttempt, Optional<Blocker> blocker) {
    }

    public static final String SCHEDULE_VALID = "ScheduleValid";
    public static final String VELERO_INSTALLED = "VeleroInstalled";
    public static final String STORAGE_LOCATION_AVAILABLE = "StorageLocationAvailable";

    public static Decision decide(ManagementBackup mb, Observation observed, Instant now) {
        Schedule schedule = null;
        if (mb.isScheduled()) {
            try {
                schedule = Schedules.parse(mb.getSpec().getSchedule());
            } catch (InvalidScheduleException e) {
                // the exception's message already names the expression
                return blocked(SCHEDULE_VALID, "InvalidSchedule", e.getMessage(), Optional.empty());
            }
        }
        ManagementBackupStatus status = mb.getStatus();
        Optional<Instant> plannedNext = Optional.empty();
        SchedulePlanner.Plan plan = null;
        if (schedule != null) {
            plan = SchedulePlanner.plan(schedule, creation(mb, now), lastSlot(status), mb.getSpec().immediateFirstBackup(),
                    mb.getSpec().suspended(), now);
            plannedNext = plan.isDue() ? plan.dueSlot() : plan.nextAttempt();
        }
        if (!observed.veleroInstalled()) {
            return blocked(VELERO_INSTALLED, "VeleroNotInstalled",
                    "Velero is not installed: the API " + Velero.API_VERSION + " (backups, backupstoragelocations) is not served",
                    plannedNext);
        }
        if (observed.location().blocking()) {
            return blocked(STORAGE_LOCATION_AVAILABLE, observed.location().reason(), observed.location().message(), plannedNext);
        }

        if (schedule == null) {
            boolean taken = status != null && status.getLastBackupName() != null;
            Action action = taken ? new Nothing() : new Create(mb.singleBackupName(), null);
            return new Decision(action, Optional.empty(), Optional.empty());
        }
        if (!plan.isDue()) {
            return new Decision(new Nothing(), plan.nextAttempt(), Optional.empty());
        }
        Instant slot = plan.dueSlot().orElseThrow();
        String name = mb.backupName(slot);
        Optional<Backup> running = observed.ownBackups().stream()
                .filter(b -> !name.equals(b.getMetadata().getName()))
                .filter(b -> Velero.isRunning(b.getStatus() == null ? null : b.getStatus().getPhase()))
                .findFirst();
        if (running.isPresent()) {
            return new Decision(new Skip(slot, "backup " + running.get().getMetadata().getName() + " is still "
                    + phaseOf(running.get())), plan.nextAttempt(), Optional.empty());
        }
        return new Decision(new Create(name, slot), plan.nextAttempt(), Optional.empty());
    }

    private static Decision blocked(String condition, String reason, String message, Optional<Instant> next) {
        return new Decision(new Nothing(), next, Optional.of(new Blocker(condition, reason, message)));
    }

    private static String phaseOf(Backup backup) {
        String phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
        return phase == null || phase.isEmpty() ? "New" : phase;
    }

    /** The API server always sets it; an object without one (only ever seen in tests) counts as created now. */
    static Instant creation(ManagementBackup mb, Instant now) {
        return parseTime(mb.getMetadata().getCreationTimestamp()).orElse(now);
    }

    /** The last slot handled: recorded explicitly, or (after a restore rebuilt the status) the last backup's time. */
    static Instant lastSlot(ManagementBackupStatus status) {
        if (status == null) {
            return null;
        }
        Optional<Instant> slot = parseTime(status.getLastSlot());
        Optional<Instant> backupTime = parseTime(status.getLastBackupTime());
        if (slot.isPresent() && backupTime.isPresent()) {
            return slot.get().isAfter(backupTime.get()) ? slot.get() : backupTime.get();
        }
        return slot.or(() -> backupTime).orElse(null);
    }

    public static Optional<Instant> parseTime(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Instant inSeconds = utcSeconds(value);
        if (inSeconds != null) {
            return Optional.of(inSeconds);
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, the form the API server, Velero and this operator write times in, read digit by digit:
     * {@link Instant#parse} took about 4 % of the operator's CPU over a slot. Anything else is left to it ({@code null}).
     */
    private static Instant utcSeconds(String value) {
        if (value.length() != 20 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
                || value.charAt(13) != ':' || value.charAt(16) != ':' || value.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 2);
        int day = digits(value, 8, 2);
        int hour = digits(value, 11, 2);
        int minute = digits(value, 14, 2);
        int second = digits(value, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        try {
            // checks the month and the day in it
            return Instant.ofEpochSecond(LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600L
                    + minute * 60L + second);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number of {@code length} digits at {@code from}, or -1. */
    private static int digits(String value, int from, int length) {
        int number = 0;
        for (int i = from; i < from + length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
