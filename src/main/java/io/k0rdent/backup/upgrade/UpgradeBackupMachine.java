package io.k0rdent.backup.upgrade;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.status.StatusCalculator;
import io.k0rdent.backup.status.StatusEvents.EventSpec;

/**
 * The state machine of one pre-upgrade backup: {@code PreparingToStart → Starting → Active → Succeeded | Error | Timeout},
 * with retries back through {@code PreparingToStart}. Pure: the controller observes Velero, this decides the next status
 * and the one action to take, the controller acts. Every attempt has a deadline, so no Velero answer (or none that ever
 * comes, as with {@code FailedValidation} and kcm) can hold an upgrade forever.
 */
public final class UpgradeBackupMachine {

    private UpgradeBackupMachine() {
    }

    /** The Velero Backup under the pre-upgrade backup's name, reduced to what decides the state. */
    public record ObservedBackup(String name, String phase, Integer attempt, String failure) {

        /** {@code attempt} is null when the Backup carries no attempt annotation (created before this operator ran). */
        public static ObservedBackup of(Backup backup) {
            Map<String, String> annotations = backup.getMetadata().getAnnotations();
            String attempt = annotations == null ? null : annotations.get(Labels.UPGRADE_BACKUP_ATTEMPT_ANNOTATION);
            BackupStatus status = backup.getStatus();
            String name = backup.getMetadata().getName();
            return new ObservedBackup(name, status == null ? null : status.getPhase(), parseAttempt(attempt),
                    status == null ? null : describeFailure(name, status));
        }
    }

    /**
     * What the controller saw.
     *
     * @param release the release the backup is for (its label)
     * @param backupName the name of its Velero Backup
     * @param backup that Velero Backup, if it exists and belongs to this ManagementBackup
     * @param blocker why no Velero Backup can be created now (Velero missing, storage location missing), if so
     * @param retryRequest the value of the retry annotation, or null
     */
    public record Observation(String release, String backupName, Optional<ObservedBackup> backup, Optional<String> blocker,
            String retryRequest) {
    }

    /** The one thing the controller does after this step. */
    public sealed interface Action permits Wait, DeleteStale, Create {
    }

    /** Nothing to do but wait for Velero, the user or the deadline. */
    public record Wait() implements Action {
    }

    /** Delete the Velero Backup left by an earlier attempt through a DeleteBackupRequest, then wait until it is gone. */
    public record DeleteStale(String backupName, int attempt) implements Action {
    }

    /** Create this attempt's Velero Backup, annotated with the attempt. */
    public record Create(String backupName, int attempt) implements Action {
    }

    /** The status after the action succeeds, and the action. */
    public record Step(UpgradeBackupStatus status, Action action) {

        /** When to look again even if nothing changes: the deadline of an attempt still running. */
        public Optional<Instant> wakeAt() {
            return wakeAt(status);
        }

        public static Optional<Instant> wakeAt(UpgradeBackupStatus status) {
            if (status == null || status.getState() == null || status.getState().isTerminal()) {
                return Optional.empty();
            }
            return parse(status.getDeadline());
        }
    }

    public static Step next(UpgradeBackupStatus previous, Observation observed, Duration timeout, Instant now) {
        String retry = blankToNull(observed.retryRequest());
        UpgradeBackupStatus status;
        if (previous == null || previous.getState() == null || !Objects.equals(previous.getRelease(), observed.release())) {
            // a request already present at creation is not a retry of anything
            status = attempt(observed.release(), 1, retry, timeout, now);
        } else {
            status = copy(previous);
            if (retry != null && !retry.equals(status.getHandledRetry())) {
                if (status.getState().isFailed()) {
                    int attempt = attemptOf(status) + 1;
                    status = attempt(observed.release(), attempt, retry, timeout, now);
                    status.setMessage("retry requested: attempt " + attempt);
                } else {
                    // only a failed attempt is retried; remembering the value keeps it from retrying a later failure
                    status.setHandledRetry(retry);
                }
            }
        }

        Step step = switch (status.getState()) {
            case PREPARING_TO_START -> prepare(status, observed, now);
            case STARTING, ACTIVE -> follow(status, observed, now);
            case TIMEOUT -> lateResult(status, observed, now);
            case SUCCEEDED, ERROR -> new Step(status, new Wait());
        };
        UpgradeBackupStatus after = step.status();
        Optional<Instant> deadline = parse(after.getDeadline());
        if (!after.getState().isTerminal() && deadline.isPresent() && !now.isBefore(deadline.get())) {
            UpgradeBackupStatus timedOut = copy(after);
            timedOut.setState(UpgradeBackupState.TIMEOUT);
            timedOut.setCompletedAt(StatusCalculator.format(now));
            timedOut.setMessage("no result within " + words(timeout) + ": " + after.getMessage() + "; " + retryHint());
            return new Step(timedOut, new Wait());
        }
        return step;
    }

    /** The planned {@code Starting} after a Create, or {@code Error} when the Velero Backup could not be created. */
    public static UpgradeBackupStatus afterCreate(UpgradeBackupStatus planned, String failure, Instant now) {
        if (failure == null) {
            return planned;
        }
        UpgradeBackupStatus failed = copy(planned);
        failed.setState(UpgradeBackupState.ERROR);
        failed.setCompletedAt(StatusCalculator.format(now));
        failed.setMessage(failure + "; " + retryHint());
        return failed;
    }

    /** Velero phase to state: none or waiting → Starting, working → Active, Completed → Succeeded, failed → Error. */
    public static UpgradeBackupState stateOf(String phase) {
        if (phase == null || phase.isEmpty() || "New".equals(phase) || "Queued".equals(phase) || "ReadyToStart".equals(phase)) {
            return UpgradeBackupState.STARTING;
        }
        if (Velero.COMPLETED.equals(phase)) {
            return UpgradeBackupState.SUCCEEDED;
        }
        if (Velero.isTerminal(phase)) {
            return UpgradeBackupState.ERROR;
        }
        // InProgress, WaitingForPluginOperations…, Finalizing…, and phases newer than this code: the deadline still applies
        return UpgradeBackupState.ACTIVE;
    }

    /**
     * Whether a Velero Backup was created by {@code attempt}. One without the attempt annotation predates this operator
     * (or was made by kcm) and counts as the first attempt's.
     */
    public static boolean belongsTo(ObservedBackup backup, int attempt) {
        return backup.attempt() == null ? attempt == 1 : backup.attempt() == attempt;
    }

    /** The events a change of the upgrade state is worth on the pre-upgrade ManagementBackup. */
    public static List<EventSpec> events(UpgradeBackupStatus before, UpgradeBackupStatus after) {
        List<EventSpec> events = new ArrayList<>();
        if (after == null || after.getState() == null) {
            return events;
        }
        if (before != null && before.getAttempt() != null && after.getAttempt() != null && after.getAttempt() > before.getAttempt()) {
            events.add(new EventSpec(false, "UpgradeBackupRetry", "Attempt " + after.getAttempt()
                    + " of the backup before upgrading from " + after.getRelease()));
        }
        UpgradeBackupState was = before == null ? null : before.getState();
        boolean sameAttempt = before != null && Objects.equals(before.getAttempt(), after.getAttempt());
        if (after.getState() != was || !sameAttempt) {
            switch (after.getState()) {
                case SUCCEEDED -> events.add(new EventSpec(false, "UpgradeBackupSucceeded", after.getMessage()));
                case ERROR -> events.add(new EventSpec(true, "UpgradeBackupFailed", after.getMessage()));
                case TIMEOUT -> events.add(new EventSpec(true, "UpgradeBackupTimeout", after.getMessage()));
                default -> {
                }
            }
        }
        return events;
    }

    public static String retryHint() {
        return "to retry, annotate this ManagementBackup with " + Labels.RETRY_UPGRADE_BACKUP_ANNOTATION + "=<new value>";
    }

    private static Step prepare(UpgradeBackupStatus status, Observation observed, Instant now) {
        int attempt = attemptOf(status);
        Optional<ObservedBackup> backup = observed.backup();
        if (backup.isPresent()) {
            ObservedBackup b = backup.get();
            boolean failedLeftover = b.attempt() == null && stateOf(b.phase()) == UpgradeBackupState.ERROR;
            if (belongsTo(b, attempt) && !failedLeftover) {
                // this attempt's own Backup (its status write was lost), or one that was already there: adopt it
                return adopt(status, b, now);
            }
        }
        if (observed.blocker().isPresent()) {
            // nothing is deleted either: a running restore may be reading the very backup a cleanup would remove
            UpgradeBackupStatus waiting = copy(status);
            waiting.setMessage("waiting to start: " + observed.blocker().get());
            return new Step(waiting, new Wait());
        }
        if (backup.isPresent()) {
            ObservedBackup b = backup.get();
            UpgradeBackupStatus cleaning = copy(status);
            cleaning.setMessage("deleting Velero backup " + b.name() + " left by an earlier attempt ("
                    + (b.phase() == null ? "no phase" : b.phase()) + ") before starting attempt " + attempt);
            return new Step(cleaning, new DeleteStale(b.name(), attempt));
        }
        UpgradeBackupStatus starting = copy(status);
        starting.setState(UpgradeBackupState.STARTING);
        starting.setMessage("created Velero backup " + observed.backupName() + " (attempt " + attempt + ")");
        return new Step(starting, new Create(observed.backupName(), attempt));
    }

    private static Step follow(UpgradeBackupStatus status, Observation observed, Instant now) {
        Optional<ObservedBackup> backup = observed.backup();
        if (backup.isEmpty()) {
            if (status.getState() == UpgradeBackupState.ACTIVE) {
                UpgradeBackupStatus gone = copy(status);
                gone.setState(UpgradeBackupState.ERROR);
                gone.setCompletedAt(StatusCalculator.format(now));
                gone.setMessage("Velero backup " + observed.backupName() + " was deleted before it finished; " + retryHint());
                return new Step(gone, new Wait());
            }
            // just created: Velero's object has not reached the cache yet
            return new Step(status, new Wait());
        }
        ObservedBackup b = backup.get();
        if (!belongsTo(b, attemptOf(status))) {
            // the Backup under our name is an earlier attempt's (e.g. adopted after a lost write): clean up again
            UpgradeBackupStatus again = copy(status);
            again.setState(UpgradeBackupState.PREPARING_TO_START);
            return prepare(again, observed, now);
        }
        return adopt(status, b, now);
    }

    private static Step lateResult(UpgradeBackupStatus status, Observation observed, Instant now) {
        Optional<ObservedBackup> backup = observed.backup().filter(b -> belongsTo(b, attemptOf(status)));
        if (backup.isPresent() && Velero.COMPLETED.equals(backup.get().phase())) {
            UpgradeBackupStatus late = copy(status);
            late.setState(UpgradeBackupState.SUCCEEDED);
            late.setCompletedAt(StatusCalculator.format(now));
            late.setMessage("Velero backup " + backup.get().name() + " completed after the deadline");
            return new Step(late, new Wait());
        }
        return new Step(status, new Wait());
    }

    /** Takes the state the Backup's phase stands for. */
    private static Step adopt(UpgradeBackupStatus status, ObservedBackup b, Instant now) {
        UpgradeBackupState state = stateOf(b.phase());
        UpgradeBackupStatus next = copy(status);
        next.setState(state);
        switch (state) {
            case SUCCEEDED -> next.setMessage("Velero backup " + b.name() + " completed");
            case ERROR -> next.setMessage(Objects.requireNonNullElse(b.failure(), "Velero backup " + b.name() + " ended "
                    + b.phase()) + "; " + retryHint());
            case STARTING -> next.setMessage("waiting for Velero to start backup " + b.name()
                    + (b.phase() == null || b.phase().isEmpty() ? "" : " (" + b.phase() + ")"));
            default -> next.setMessage("Velero backup " + b.name() + " is " + b.phase());
        }
        if (state.isTerminal() && !state.equals(status.getState())) {
            next.setCompletedAt(StatusCalculator.format(now));
        }
        return new Step(next, new Wait());
    }

    private static UpgradeBackupStatus attempt(String release, int attempt, String retry, Duration timeout, Instant now) {
        UpgradeBackupStatus status = new UpgradeBackupStatus();
        status.setState(UpgradeBackupState.PREPARING_TO_START);
        status.setRelease(release);
        status.setAttempt(attempt);
        status.setStartedAt(StatusCalculator.format(now));
        status.setDeadline(StatusCalculator.format(now.plus(timeout)));
        status.setHandledRetry(retry);
        status.setMessage("preparing attempt " + attempt);
        return status;
    }

    private static int attemptOf(UpgradeBackupStatus status) {
        return status.getAttempt() == null || status.getAttempt() < 1 ? 1 : status.getAttempt();
    }

    static String describeFailure(String name, BackupStatus status) {
        String phase = status.getPhase();
        if (phase == null || !Velero.isTerminal(phase) || Velero.COMPLETED.equals(phase)) {
            return null;
        }
        StringBuilder message = new StringBuilder("Velero backup ").append(name).append(" ended ").append(phase);
        if (status.getFailureReason() != null && !status.getFailureReason().isBlank()) {
            message.append(": ").append(status.getFailureReason());
        }
        if (status.getValidationErrors() != null && !status.getValidationErrors().isEmpty()) {
            message.append(": ").append(String.join("; ", status.getValidationErrors()));
        }
        if (status.getErrors() != null && status.getErrors() > 0) {
            message.append(" (").append(status.getErrors()).append(" errors)");
        }
        return message.toString();
    }

    private static Integer parseAttempt(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            // not ours to interpret: it belongs to no attempt, so it is cleaned up like any leftover
            return -1;
        }
    }

    static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code 1h}, {@code 1h30m}, {@code 45s}: how the deadline reads in messages and in the configuration. */
    static String words(Duration duration) {
        long seconds = duration.getSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0 || text.isEmpty()) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static UpgradeBackupStatus copy(UpgradeBackupStatus status) {
        UpgradeBackupStatus copy = new UpgradeBackupStatus();
        copy.setState(status.getState());
        copy.setRelease(status.getRelease());
        copy.setAttempt(status.getAttempt());
        copy.setStartedAt(status.getStartedAt());
        copy.setDeadline(status.getDeadline());
        copy.setCompletedAt(status.getCompletedAt());
        copy.setMessage(status.getMessage());
        copy.setHandledRetry(status.getHandledRetry());
        return copy;
    }
}
