package io.k0rdent.backup.ha;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Whether this replica may write: it holds the lease, or leader election is off and it is the only replica. Code outside
 * a reconciler that writes (an admission webhook served by every ready replica, say) asks here first.
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
    private volatile boolean leading;
    private final AtomicReference<String> currentLeader = new AtomicReference<>();

    public Leadership(LeaderElectionConfig config, MeterRegistry registry) {
        this.electionEnabled = config.enabled();
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

    /** Callbacks for the leader elector, in addition to JOSDK's own (which starts and stops event processing). */
    LeaderCallbacks callbacks() {
        return new LeaderCallbacks(
                () -> {
                    leading = true;
                    LOG.info("Acquired the leader lease: this replica reconciles now");
                },
                () -> {
                    leading = false;
                    LOG.warn("Lost the leader lease");
                },
                currentLeader::set);
    }
}
