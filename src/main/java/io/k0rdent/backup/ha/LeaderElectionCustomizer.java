package io.k0rdent.backup.ha;

import java.util.function.Consumer;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.controller.ReconcileQueue;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.quarkus.arc.Unremovable;

/**
 * Turns on JOSDK's leader election on a Lease in the system namespace when {@code kcm-backup.leader-election.enabled}:
 * every replica starts its informers, only the holder of the lease processes events. A leader that cannot renew its
 * lease exits ({@link Leadership}), so two replicas never reconcile at once for longer than the renew deadline allows.
 * <p>
 * Configured here at run time rather than through a {@code LeaderElectionConfiguration} bean, which the operator SDK only
 * consults in the profiles named at build time. It also hands JOSDK the reconcile thread pool ({@link ReconcileQueue}).
 */
@Singleton
@Unremovable
public class LeaderElectionCustomizer implements ConfigurationServiceCustomizer {

    private static final Logger LOG = Logger.getLogger(LeaderElectionCustomizer.class);

    private final LeaderElectionConfig election;
    private final OperatorConfig config;
    private final Leadership leadership;

    private final int reconcileThreads;

    public LeaderElectionCustomizer(LeaderElectionConfig election, OperatorConfig config, Leadership leadership,
            @ConfigProperty(name = "quarkus.operator-sdk.concurrent-reconciliation-threads") int reconcileThreads) {
        this.election = election;
        this.config = config;
        this.leadership = leadership;
        this.reconcileThreads = reconcileThreads;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> {
            // here, because the operator SDK consults one customizer only: the reconcile pool (ReconcileQueue says why)
            overrider.withExecutorService(ReconcileQueue.executor(reconcileThreads));
            if (!election.enabled()) {
                LOG.info("Leader election is off: this replica reconciles; run a single replica");
                return;
            }
            LOG.infof("Leader election on Lease %s/%s", config.systemNamespace(), election.leaseName());
            overrider.withLeaderElectionConfiguration(configuration(election, config.systemNamespace(), leadership));
        };
    }

    /** JOSDK's leader election settings: the lease in {@code namespace}, and {@code leadership} told of every change. */
    @SuppressWarnings("deprecation") // the only way to switch off JOSDK's exit outside tests, see below
    static LeaderElectionConfiguration configuration(LeaderElectionConfig election, String namespace, Leadership leadership) {
        // Leadership exits on a lost lease itself: JOSDK's exit would also fire on shutdown, and deadlock it. The builder
        // refuses to switch that exit off outside tests, the constructor does not
        return new LeaderElectionConfiguration(election.leaseName(), namespace, election.leaseDuration(),
                election.renewDeadline(), election.retryPeriod(), election.identity().orElse(null), leadership.callbacks(),
                false);
    }
}
