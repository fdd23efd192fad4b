package io.k0rdent.backup.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.k0rdent.backup.ha.Leadership;

/**
 * Readiness of this replica: its caches are synced and it can act, as leader or as a standby ready to take over. Builds on
 * the operator SDK's own readiness check, which reports unhealthy event sources.
 */
@Readiness
@ApplicationScoped
public class ReplicaReadinessCheck implements HealthCheck {

    public static final String NAME = "kcm-backup-replica";

    private final ReplicaProbe probe;

    public ReplicaReadinessCheck(ReplicaProbe probe) {
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        ReplicaState state = probe.state();
        ReplicaState.Verdict verdict = state.readiness();
        Leadership leadership = probe.leadership();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(verdict.up())
                .withData("reason", verdict.reason())
                .withData("role", state.role().name().toLowerCase());
        leadership.currentLeader().ifPresent(leader -> response.withData("leader", leader));
        return response.build();
    }
}
