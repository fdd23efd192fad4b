package io.k0rdent.backup.restore;

import java.util.Optional;
import java.util.function.Supplier;

import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreStatus;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.restore.RestorePlanner.Plan;
import io.k0rdent.backup.restore.SourceResolver.Found;
import io.k0rdent.backup.restore.SourceResolver.Resolution;
import io.k0rdent.backup.restore.SourceResolver.Unavailable;

/**
 * Decides what a ManagementRestore needs now: plan it (dry run), start an attempt, clean up a finished rollback, or only
 * watch. Pure: the controller observes, this decides, the controller acts.
 */
public final class RestoreDecider {

    public static final String VELERO_NOT_INSTALLED = "VeleroNotInstalled";

    private RestoreDecider() {
    }

    /**
     * What the controller saw.
     *
     * @param current the Velero Restore of the current attempt, if the status names one and it exists
     * @param source  resolves the backup to restore; only called when an attempt is to be planned
     */
    public record Observation(boolean veleroInstalled, String namespace, Optional<Restore> current,
            Supplier<Resolution> source) {
    }

    /** Why nothing can be started now, for conditions, {@code status.error} and a Warning event. */
    public record Blocker(String reason, String message) {
    }

    /** What to create. */
    public sealed interface Action permits Watch, DryRun, Start {
    }

    /** Create nothing: wait for a blocker to go away, or follow the current attempt. */
    public record Watch() implements Action {
    }

    /** Only show the plan of the first attempt. */
    public record DryRun(Plan plan, String backupName) implements Action {
    }

    /** Create the objects of attempt {@code attempt}. */
    public record Start(int attempt, Plan plan, String backupName) implements Action {
    }

    /**
     * What to do now.
     *
     * @param deleteModifier      the rollback ConfigMap of a finished attempt, to delete
     * @param restartToken        the restart token to record as handled (the old one when none was handled now)
     * @param restartRejected     why a requested restart was refused, or null
     * @param restartPending      a restart was requested and waits for {@code blocker} to go away
     */
    public record Decision(Action action, Optional<Blocker> blocker, Optional<String> deleteModifier, String restartToken,
            String restartRejected, boolean restartPending) {
    }

    public static Decision decide(ManagementRestore mr, Observation observed) {
        ManagementRestoreStatus status = mr.getStatus() == null ? new ManagementRestoreStatus() : mr.getStatus();
        int attempt = status.currentAttempt();
        String token = mr.restartToken();
        String handled = status.getRestartToken();
        boolean restartRequested = token != null && !token.equals(handled);

        if (attempt == 0) {
            // nothing ran yet, so there is nothing to restart: the token is simply taken as seen
            String recorded = restartRequested ? token : handled;
            if (!observed.veleroInstalled()) {
                return waiting(veleroMissing(), Optional.empty(), recorded, false);
            }
            Resolution resolution = observed.source().get();
            if (resolution instanceof Unavailable u) {
                return waiting(new Blocker(u.reason(), u.message()), Optional.empty(), recorded, false);
            }
            Found found = (Found) resolution;
            Plan plan = RestorePlanner.plan(mr, found.backup(), 1, observed.namespace());
            Action action = mr.getSpec().isPlanOnly() ? new DryRun(plan, found.backup().getMetadata().getName())
                    : new Start(1, plan, found.backup().getMetadata().getName());
            return new Decision(action, Optional.empty(), Optional.empty(), recorded, null, false);
        }

        if (!observed.veleroInstalled()) {
            return waiting(veleroMissing(), Optional.empty(), handled, restartRequested);
        }
        String phase = observed.current().map(Restore::phase).orElse(null);
        boolean ended = observed.current().isEmpty() || Velero.isTerminal(phase);
        Optional<String> cleanup = ended ? Optional.ofNullable(status.getResourceModifier()) : Optional.empty();
        if (!restartRequested) {
            return new Decision(new Watch(), Optional.empty(), cleanup, handled, null, false);
        }
        if (!ended) {
            // two Velero restores writing the same objects at once would interleave unpredictably
            String rejected = "restart \"" + token + "\" ignored: Velero Restore " + status.getRestoreName() + " of attempt "
                    + attempt + " is still " + (phase == null || phase.isEmpty() ? "New" : phase)
                    + "; set a new token once it has ended";
            return new Decision(new Watch(), Optional.empty(), cleanup, token, rejected, false);
        }
        Resolution resolution = observed.source().get();
        if (resolution instanceof Unavailable u) {
            return waiting(new Blocker(u.reason(), "cannot restart: " + u.message()), cleanup, handled, true);
        }
        Found found = (Found) resolution;
        Plan plan = RestorePlanner.plan(mr, found.backup(), attempt + 1, observed.namespace());
        return new Decision(new Start(attempt + 1, plan, found.backup().getMetadata().getName()), Optional.empty(), cleanup,
                token, null, false);
    }

    private static Decision waiting(Blocker blocker, Optional<String> cleanup, String token, boolean restartPending) {
        return new Decision(new Watch(), Optional.of(blocker), cleanup, token, null, restartPending);
    }

    private static Blocker veleroMissing() {
        return new Blocker(VELERO_NOT_INSTALLED,
                "Velero is not installed: the API " + Velero.API_VERSION + " (backups, restores) is not served");
    }
}
