package io.k0rdent.backup.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.k0rdent.backup.ha.Leadership;
import io.k0rdent.backup.ha.Leadership.Role;

/** Reads this replica's {@link ReplicaState} from the running operator, for the probes. */
@ApplicationScoped
public class ReplicaProbe {

    private final Operator operator;
    private final Leadership leadership;
    private final StoppedWatches stoppedWatches;
    private volatile boolean everStarted;
    private volatile boolean everLed;

    public ReplicaProbe(Operator operator, Leadership leadership, StoppedWatches stoppedWatches) {
        this.operator = operator;
        this.leadership = leadership;
        this.stoppedWatches = stoppedWatches;
    }

    public ReplicaState state() {
        RuntimeInfo runtime = operator.getRuntimeInfo();
        boolean started = runtime.isStarted();
        everStarted |= started;
        Role role = leadership.role();
        everLed |= role == Role.LEADER;
        return new ReplicaState(started, everStarted, started && informersSynced(runtime), role, everLed,
                stoppedWatches.first().orElse(null));
    }

    public Leadership leadership() {
        return leadership;
    }

    private static boolean informersSynced(RuntimeInfo runtime) {
        for (RegisteredController<?> controller : runtime.getRegisteredControllers()) {
            for (InformerWrappingEventSourceHealthIndicator<?> source : controller.getControllerHealthInfo()
                    .informerEventSourceHealthIndicators().values()) {
                Map<String, InformerHealthIndicator> informers = source.informerHealthIndicators();
                if (!informers.values().stream().allMatch(InformerHealthIndicator::hasSynced)) {
                    return false;
                }
            }
        }
        return true;
    }
}
