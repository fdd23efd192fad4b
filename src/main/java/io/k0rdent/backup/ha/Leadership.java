package io.k0rdent.backup.ha;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Whether this replica may write: it holds the lease, or leader election is off and it is the only replica. Reconcilers
 * ask here first and do nothing on a standby; code outside a reconciler that writes asks here too, unless its writes are
 * safe from any replica (the admission webhook's create-or-adopt of a deterministic name).
 * <p>
 * Losing the lease while running (the API server was unreachable for longer than the renew deadline, or another replica
 * took the lease) only turns this replica into a standby: it stops writing at once and competes for the lease again in the
 * same process ({@link LeaseElection}), so an outage of the API server never restarts the pod.
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
    private final Counter lost;
    private volatile boolean leading;
    private volatile boolean shuttingDown;
    private final AtomicReference<String> currentLeader = new AtomicReference<>();

    @Inject
    public Leadership(LeaderElectionConfig config, MeterRegistry registry) {
        this(config.enabled(), registry);
    }

    public Leadership(boolean electionEnabled, MeterRegistry registry) {
        this.electionEnabled = electionEnabled;
        Gauge.builder("kcm.backup.leader", this, l -> l.isLeader() ? 1 : 0).strongReference(true)
                .description("1 when this replica may reconcile and write (it holds the lease, or leader election is off)")
                .register(registry);
        lost = Counter.builder("kcm.backup.leader.lost")
                .description("Times this replica lost the leader lease while running (not on shutdown) and became a standby")
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

    /** How often this replica lost the lease while running. */
    public long lostLeases() {
        return (long) lost.count();
    }

    /** Runs before the operator SDK stops the operator, hence the early priority: a lease given up from now on is no loss. */
    void shuttingDown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
    }

    /** Callbacks for the leader elector. */
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
        if (shuttingDown || !wasLeading) {
            return;
        }
        lost.increment();
        LOG.warn("Lost the leader lease (the API server was unreachable for longer than the renew deadline, or another"
                + " replica holds it): stopped reconciling, competing for the lease again");
    }
}
