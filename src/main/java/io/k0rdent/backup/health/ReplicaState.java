package io.k0rdent.backup.health;

import io.k0rdent.backup.ha.Leadership.Role;

/**
 * Whether this replica is ready and alive, from what it knows about itself. Pure, so every case is tested without
 * stopping an operator.
 *
 * @param operatorStarted the operator SDK has started (JOSDK's {@code RuntimeInfo.isStarted()})
 * @param everStarted it had started at some point in this process
 * @param informersSynced every informer of every controller has listed its objects once
 * @param role leader, standby or single replica
 * @param everLed this replica held the lease at some point in this process
 * @param stoppedWatch a watch of the operator SDK that stopped for good after it had started, in words; null if none
 */
public record ReplicaState(boolean operatorStarted, boolean everStarted, boolean informersSynced, Role role, boolean everLed,
        String stoppedWatch) {

    public ReplicaState(boolean operatorStarted, boolean everStarted, boolean informersSynced, Role role, boolean everLed) {
        this(operatorStarted, everStarted, informersSynced, role, everLed, null);
    }

    /** A probe answer: up or down, and why. */
    public record Verdict(boolean up, String reason) {
    }

    /**
     * Ready when this replica can act at once: the leader (or the single replica) with synced caches, or a standby with
     * synced caches, which takes over the moment the lease is free. A standby is ready on purpose: it serves metrics and
     * admission reviews, and a rolling update must be able to wait for it. So is a leader that lost the lease in an outage
     * of the API server: it is a standby again, in the same process.
     */
    public Verdict readiness() {
        if (!operatorStarted) {
            return new Verdict(false, everStarted ? "operator stopped" : "operator starting");
        }
        if (stoppedWatch != null) {
            return new Verdict(false, stoppedWatch);
        }
        if (!informersSynced) {
            return new Verdict(false, "informers have not synced yet");
        }
        return switch (role) {
            case SINGLE -> new Verdict(true, "reconciling (leader election off)");
            case LEADER -> new Verdict(true, "reconciling (holds the lease)");
            case STANDBY -> new Verdict(true, everLed ? "standby with synced caches, competing for the lease it lost"
                    : "standby with synced caches, waiting for the lease");
        };
    }

    /**
     * Alive unless the process has stopped doing its job and only a restart brings it back: the operator stopped after it
     * had started. Starting up is alive (the startup probe covers a slow start), and so is a standby, also one that lost
     * the lease: it competes for it again without a restart, and restarting it would not bring the API server back. A
     * watch that stopped for good is not alive either: nothing in the process starts it again.
     */
    public Verdict liveness() {
        if (everStarted && !operatorStarted) {
            return new Verdict(false, "operator stopped after it had started");
        }
        if (stoppedWatch != null) {
            return new Verdict(false, stoppedWatch);
        }
        return new Verdict(true, operatorStarted ? "running" : "starting");
    }
}
