package io.k0rdent.backup.ha;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Leader election settings ({@code kcm-backup.leader-election.*}, or {@code KCM_BACKUP_LEADER_ELECTION_*}). */
@ConfigMapping(prefix = "kcm-backup.leader-election")
public interface LeaderElectionConfig {

    /** Whether replicas elect a leader on a Lease; only the leader reconciles. Off, the single replica always acts. */
    @WithDefault("true")
    boolean enabled();

    /** Name of the Lease, in the system namespace. */
    @WithDefault("kcm-backup-operator-lease")
    String leaseName();

    /** How long a leader's claim lasts without renewal: a crashed leader is replaced after at most this long. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it stops writing and competes again. Shorter than the lease duration. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often standbys try to acquire the lease and the leader renews it. */
    @WithDefault("2s")
    Duration retryPeriod();

    /** This replica's identity in the Lease; default: the pod name ({@code HOSTNAME}). */
    Optional<String> identity();
}
