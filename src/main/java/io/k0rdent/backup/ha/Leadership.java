package io.k0rdent.backup.ha;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Whether this replica may write: it holds the lease, or leader election is off and it is the only replica. Code outside
 * a reconciler that writes (an admission webhook served by every ready replica, say) asks here first.
 * <p>
 * Also decides what losing the lease means. A leader that can no longer renew must stop at once, before a standby takes
 * over: the process exits and Kubernetes restarts it as a standby. Releasing the lease because the process is shutting
 * down is not a loss: exiting from inside the shutdown would deadlock it (the JOSDK version in use calls
 * {@code System.exit} from the shutdown hook), which is why JOSDK's own exit is turned off and this class exits instead.
 */
@Singleton
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    /** The role of this replica. */
    public enum Role {
        /** Leader election is off: this replica is the only one and always acts. */
        SINGLE,
        /** Holds the lease and reconciles. */
        LEADER,
        /** Waits for the lease with warm caches; does not reconcile or write. */
        STANDBY
    }

    private final boolean electionEnabled;
    private final Runnable exit;
    private volatile boolean leading;
    private volatile boolean shuttingDown;
    private final AtomicReference<String> currentLeader = new AtomicReference<>();

    @Inject
    public Leadership(LeaderElectionConfig config, MeterRegistry registry) {
        this(config.enabled(), registry, Leadership::exitProcess);
    }

    /** @param exit what to do when the lease is lost while running (tests observe it instead of exiting) */
    Leadership(boolean electionEnabled, MeterRegistry registry, Runnable exit) {
        this.electionEnabled = electionEnabled;
        this.exit = exit;
        Gauge.builder("kcm.backup.leader", this, l -> l.isLeader() ? 1 : 0).strongReference(true)
                .description("1 when this replica may reconcile and write (it holds the lease, or leader election is off)")
                .register(registry);
    }

    public boolean isElectionEnabled() {
        return electionEnabled;
    }

    /** True when this replica may write. */
    public boolean isLeader() {
        return !electionEnabled || leading;
    }

    public Role role() {
        return !electionEnabled ? Role.SINGLE : leading ? Role.LEADER : Role.STANDBY;
    }

    /** The identity in the lease as last observed; empty without leader election or before the first observation. */
    public Optional<String> currentLeader() {
        return Optional.ofNullable(currentLeader.get());
    }

    /** Runs before the operator SDK stops the operator (and with it the leader elector), hence the early priority. */
    void shuttingDown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
    }

    /** Callbacks for the leader elector; JOSDK runs its own (start and stop event processing) after these. */
    LeaderCallbacks callbacks() {
        return new LeaderCallbacks(this::startedLeading, this::stoppedLeading, currentLeader::set);
    }

    private void startedLeading() {
        leading = true;
        LOG.info("Acquired the leader lease: this replica reconciles now");
    }

    private void stoppedLeading() {
        boolean wasLeading = leading;
        leading = false;
        if (shuttingDown) {
            LOG.info("Released the leader lease on shutdown");
            return;
        }
        if (wasLeading) {
            LOG.error("Lost the leader lease: exiting, so that only the new leader reconciles; this pod restarts as a standby");
            exit.run();
        }
    }

    /**
     * On its own thread: the elector calls back holding its lock, and the shutdown that {@code System.exit} starts stops the
     * elector, which needs that lock.
     */
    private static void exitProcess() {
        Thread exit = new Thread(() -> System.exit(1), "kcm-backup-lost-lease");
        exit.start();
    }
}
