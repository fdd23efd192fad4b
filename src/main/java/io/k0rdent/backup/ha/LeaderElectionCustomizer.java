package io.k0rdent.backup.ha;

import java.util.function.Consumer;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.k0rdent.backup.config.OperatorConfig;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.quarkus.arc.Unremovable;

/**
 * Turns on JOSDK's leader election on a Lease in the system namespace when {@code kcm-backup.leader-election.enabled}:
 * every replica starts its informers, only the holder of the lease processes events. A leader that cannot renew its
 * lease exits (JOSDK's default), so two replicas never reconcile at once for longer than the renew deadline allows.
 * <p>
 * Configured here at run time rather than through a {@code LeaderElectionConfiguration} bean, which the operator SDK only
 * consults in the profiles named at build time.
 */
@Singleton
@Unremovable
public class LeaderElectionCustomizer implements ConfigurationServiceCustomizer {

    private static final Logger LOG = Logger.getLogger(LeaderElectionCustomizer.class);

    private final LeaderElectionConfig election;
    private final OperatorConfig config;
    private final Leadership leadership;

    public LeaderElectionCustomizer(LeaderElectionConfig election, OperatorConfig config, Leadership leadership) {
        this.election = election;
        this.config = config;
        this.leadership = leadership;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> {
            if (!election.enabled()) {
                LOG.info("Leader election is off: this replica reconciles; run a single replica");
                return;
            }
            LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder
                    .aLeaderElectionConfiguration(election.leaseName())
                    .withLeaseNamespace(config.systemNamespace())
                    .withLeaseDuration(election.leaseDuration())
                    .withRenewDeadline(election.renewDeadline())
                    .withRetryPeriod(election.retryPeriod())
                    .withLeaderCallbacks(leadership.callbacks())
                    .withExitOnStopLeading(true);
            election.identity().ifPresent(builder::withIdentity);
            LOG.infof("Leader election on Lease %s/%s", config.systemNamespace(), election.leaseName());
            overrider.withLeaderElectionConfiguration(builder.build());
        };
    }
}
