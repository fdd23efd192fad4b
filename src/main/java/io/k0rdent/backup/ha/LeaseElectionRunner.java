package io.k0rdent.backup.ha;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.k0rdent.backup.config.OperatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the {@link LeaseElection} of this process when {@code kcm-backup.leader-election.enabled}: it starts after the
 * operator SDK has started the controllers, and stops after the SDK has stopped them and waited for their running
 * reconciles, so the lease is released only once this replica has finished writing.
 * <p>
 * The operator SDK's own leader election is not used: its elector serves one term (a lost lease would need a restart to
 * lead again) and never releases the lease. Every replica therefore processes events; the reconcilers do nothing while
 * {@link Leadership#isLeader()} is false, and {@link #reconcileAll} catches up on what they let pass when this replica
 * acquires the lease.
 */
@Singleton
public class LeaseElectionRunner {

    private static final Logger LOG = Logger.getLogger(LeaseElectionRunner.class);
    /** After the operator SDK's start-up (3123) and after its shut-down (the default, 2500). */
    static final int AFTER_OPERATOR = 3200;

    private final LeaderElectionConfig election;
    private final OperatorConfig config;
    private final Leadership leadership;
    private final KubernetesClient client;
    private final Operator operator;
    private LeaseElection running;

    public LeaseElectionRunner(LeaderElectionConfig election, OperatorConfig config, Leadership leadership,
            KubernetesClient client, Operator operator) {
        this.election = election;
        this.config = config;
        this.leadership = leadership;
        this.client = client;
        this.operator = operator;
    }

    synchronized void start(@Observes @Priority(AFTER_OPERATOR) StartupEvent event) {
        if (!election.enabled()) {
            LOG.info("Leader election is off: this replica reconciles; run a single replica");
            return;
        }
        running = new LeaseElection(LeaseElection.electionClient(client.getConfiguration(), election.retryPeriod()), election,
                config.systemNamespace(), leadership, () -> reconcileAll(operator));
        LOG.infof("Leader election on Lease %s/%s as %s", config.systemNamespace(), election.leaseName(), running.identity());
        running.start();
    }

    synchronized void stop(@Observes @Priority(AFTER_OPERATOR) ShutdownEvent event) {
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    /**
     * Queues a reconcile of every object of every controller, as a resync would: what happened while this replica was a
     * standby (a slot came due, an object changed) was seen by its reconcilers, which did nothing then.
     */
    public static void reconcileAll(Operator operator) {
        for (RegisteredController<?> registered : operator.getRegisteredControllers()) {
            if (registered instanceof Controller<?> controller) {
                controller.getEventSourceManager().getControllerEventSource().list()
                        .forEach(primary -> controller.getEventProcessor().handleEvent(new Event(ResourceID.fromResource(primary))));
            }
        }
    }
}
