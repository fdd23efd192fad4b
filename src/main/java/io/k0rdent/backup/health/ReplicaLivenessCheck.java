package io.k0rdent.backup.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the HTTP event loop answers (or this check would not run) and the operator has not stopped behind the
 * process's back. Nothing that a restart cannot fix makes it fail: a missing Velero or an unreachable storage location
 * are status conditions, not reasons to restart.
 */
@Liveness
@ApplicationScoped
public class ReplicaLivenessCheck implements HealthCheck {

    public static final String NAME = "kcm-backup-alive";

    private final ReplicaProbe probe;

    public ReplicaLivenessCheck(ReplicaProbe probe) {
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        ReplicaState.Verdict verdict = probe.state().liveness();
        return HealthCheckResponse.named(NAME).status(verdict.up()).withData("reason", verdict.reason()).build();
    }
}
