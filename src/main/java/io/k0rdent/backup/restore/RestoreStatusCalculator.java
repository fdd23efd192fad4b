package io.k0rdent.backup.restore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreStatus;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.RestoreStatus;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.restore.RestoreDecider.Blocker;
import io.k0rdent.backup.restore.RestoreDecider.Decision;
import io.k0rdent.backup.restore.RestoreDecider.DryRun;
import io.k0rdent.backup.restore.RestoreDecider.Start;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.status.UnreadableStatus;

/** Computes a ManagementRestore's next status from the previous one, the decision, what was done and what Velero reports. */
public final class RestoreStatusCalculator {

    public static final String READY = "Ready";
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    /** Reason of a failed attempt whose Velero Restore was deleted before it ended. */
    public static final String RESTORE_DELETED = "RestoreDeleted";

    private RestoreStatusCalculator() {
    }

    /**
     * @param current the Velero Restore of the current attempt as observed before acting, if it exists
     */
    public static ManagementRestoreStatus next(ManagementRestore mr, Decision decision, AttemptOutcome outcome,
            Optional<Restore> current, Instant now) {
        ManagementRestoreStatus old = mr.getStatus() == null ? new ManagementRestoreStatus() : mr.getStatus();
        ManagementRestoreStatus status = Serialization.clone(old);
        Long generation = mr.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        status.setRestartToken(decision.restartToken());
        if (outcome.modifierDeleted()) {
            status.setResourceModifier(null);
        }
        Optional<Blocker> blocker = decision.blocker().or(() -> Optional.ofNullable(outcome.failure()));

        if (decision.action() instanceof DryRun dryRun) {
            status.setPhase(RestorePhase.Planned);
            status.setBackupName(dryRun.backupName());
            status.setPlan(dryRun.plan().toYaml());
        } else if (decision.action() instanceof Start start && outcome.created() != null) {
            status.setAttempt(start.attempt());
            status.setRestoreName(outcome.created().getMetadata().getName());
            status.setBackupName(start.backupName());
            status.setPlan(start.plan().toYaml());
            status.setResourceModifier(outcome.modifierCreated());
            status.setRestore(copy(outcome.created().getStatus()));
            status.setPhase(phaseOf(outcome.created().phase()));
        } else if (status.currentAttempt() == 0) {
            status.setPhase(RestorePhase.Pending);
            if (blocker.isPresent()) {
                // a plan or backup shown from an earlier dry run would no longer be what runs
                status.setBackupName(null);
                status.setPlan(null);
            }
        } else if (decision.restartPending() || decision.action() instanceof Start) {
            status.setPhase(RestorePhase.Pending);
        } else if (blocker.isEmpty()) {
            if (current.isPresent()) {
                status.setRestore(copy(current.get().getStatus()));
                status.setPhase(phaseOf(current.get().phase()));
            } else if (old.getPhase() == null || !old.getPhase().isTerminal()) {
                // deleted while it ran: nothing will ever finish it
                status.setPhase(RestorePhase.Failed);
            }
        }
        // else: Velero went away during an attempt; keep the last phase Velero reported

        String failure = null;
        if (status.getPhase() != null && status.getPhase().isTerminal() && status.getPhase() != RestorePhase.Completed) {
            failure = mirroredTerminal(status) ? veleroFailure(status) : deleted(status);
        }
        String error = blocker.map(Blocker::message).orElse(failure);
        status.setError(error);
        status.setMessage(message(mr, status, blocker, decision));
        status.setConditions(conditions(status, blocker, generation, now));
        return status;
    }

    static RestorePhase phaseOf(String veleroPhase) {
        if (veleroPhase == null || !Velero.isTerminal(veleroPhase)) {
            return RestorePhase.InProgress;
        }
        return switch (veleroPhase) {
            case Velero.COMPLETED -> RestorePhase.Completed;
            case Velero.PARTIALLY_FAILED -> RestorePhase.PartiallyFailed;
            default -> RestorePhase.Failed;
        };
    }

    /** Whether the failure came from Velero, rather than from the Velero Restore vanishing while it ran. */
    private static boolean mirroredTerminal(ManagementRestoreStatus status) {
        return status.getRestore() != null && Velero.isTerminal(status.getRestore().getPhase());
    }

    private static String deleted(ManagementRestoreStatus status) {
        return "Velero Restore " + status.getRestoreName() + " was deleted before it ended";
    }

    private static String veleroFailure(ManagementRestoreStatus status) {
        RestoreStatus restore = status.getRestore();
        String phase = restore == null || restore.getPhase() == null ? status.getPhase().name() : restore.getPhase();
        StringBuilder text = new StringBuilder("Velero Restore ").append(status.getRestoreName()).append(" ended ").append(phase);
        if (restore != null) {
            if (restore.getFailureReason() != null && !restore.getFailureReason().isBlank()) {
                text.append(": ").append(restore.getFailureReason());
            }
            if (restore.getValidationErrors() != null && !restore.getValidationErrors().isEmpty()) {
                text.append(": ").append(String.join("; ", restore.getValidationErrors()));
            }
            if (restore.getErrors() != null && restore.getErrors() > 0) {
                text.append(" (").append(restore.getErrors()).append(restore.getErrors() == 1 ? " error" : " errors").append(")");
            }
        }
        return text.toString();
    }

    private static String message(ManagementRestore mr, ManagementRestoreStatus status, Optional<Blocker> blocker,
            Decision decision) {
        String restart = "; to restart, set annotation " + Labels.RESTART_ANNOTATION + " to a new value";
        if (blocker.isPresent()) {
            return "waiting: " + blocker.get().message();
        }
        if (decision.restartRejected() != null) {
            return decision.restartRejected();
        }
        RestorePhase phase = status.getPhase();
        if (phase == null) {
            return null;
        }
        String rollback = mr.getSpec() != null && mr.getSpec().isRollback()
                ? " with Management spec.release set to " + mr.getSpec().getRollbackToRelease() : "";
        return switch (phase) {
            case Pending -> "waiting";
            case Planned -> "dry run: would restore Velero Backup " + status.getBackupName() + rollback
                    + "; the objects are in status.plan";
            case InProgress -> "restoring Velero Backup " + status.getBackupName() + rollback + ": Velero Restore "
                    + status.getRestoreName() + " is " + veleroPhase(status) + progress(status);
            case Completed -> "restored Velero Backup " + status.getBackupName() + rollback + " (Velero Restore "
                    + status.getRestoreName() + progress(status) + warnings(status) + ")";
            case PartiallyFailed, Failed -> status.getError() + restart;
        };
    }

    private static String veleroPhase(ManagementRestoreStatus status) {
        String phase = status.getRestore() == null ? null : status.getRestore().getPhase();
        return phase == null || phase.isEmpty() ? "New" : phase;
    }

    private static String progress(ManagementRestoreStatus status) {
        RestoreStatus restore = status.getRestore();
        if (restore == null || restore.getProgress() == null || restore.getProgress().getTotalItems() == null) {
            return "";
        }
        Integer done = restore.getProgress().getItemsRestored();
        return ", " + (done == null ? 0 : done) + "/" + restore.getProgress().getTotalItems() + " items";
    }

    private static String warnings(ManagementRestoreStatus status) {
        Integer warnings = status.getRestore() == null ? null : status.getRestore().getWarnings();
        return warnings == null || warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings");
    }

    private static List<Condition> conditions(ManagementRestoreStatus status, Optional<Blocker> blocker, Long generation,
            Instant now) {
        RestorePhase phase = status.getPhase();
        boolean completed = phase == RestorePhase.Completed;
        boolean failed = phase == RestorePhase.Failed || phase == RestorePhase.PartiallyFailed;
        boolean ready = blocker.isEmpty() && (completed || phase == RestorePhase.Planned);
        String readyReason = blocker.map(Blocker::reason).orElse(phase == null ? "Unknown" : phase.name());
        String message = status.getMessage() == null ? "" : status.getMessage();

        List<Condition> conditions = UnreadableStatus.readable(status.getConditions());
        conditions = Conditions.set(conditions, READY, ready, readyReason, message, generation, now);
        conditions = Conditions.set(conditions, COMPLETE, completed, completed ? "Completed" : "NotCompleted",
                completed ? message : "the restore has not completed", generation, now);
        String failedReason = failed ? failedReason(status) : "NotFailed";
        conditions = Conditions.set(conditions, FAILED, failed, failedReason,
                failed ? status.getError() : "no attempt has failed", generation, now);
        return conditions;
    }

    private static String failedReason(ManagementRestoreStatus status) {
        return mirroredTerminal(status) ? status.getRestore().getPhase() : RESTORE_DELETED;
    }

    private static RestoreStatus copy(RestoreStatus status) {
        return status == null ? null : Serialization.clone(status);
    }
}
