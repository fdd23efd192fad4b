package io.k0rdent.backup.ha;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.k0rdent.backup.api.ApiErrors;

/**
 * Competes for the Lease for as long as the process runs. fabric8's elector is good for one term only: when it loses the
 * lease, a new one is started, so a replica that lost the lease in an outage of the API server leads again once the server
 * is back (or stays a ready standby if another replica took over). On {@link #stop()} the lease is released, so a standby
 * takes over at its next attempt instead of waiting for the lease to expire.
 * <p>
 * The elector has a client of its own, without retries and with timeouts of one retry period: fabric8 checks the renew
 * deadline only between two attempts, and an attempt stuck in the shared client's retries (tens of seconds against an
 * unreachable server) would let this replica believe it leads after its lease has expired.
 */
public final class LeaseElection {

    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    private final KubernetesClient client;
    private final LeaderElectionConfig config;
    private final String namespace;
    private final String identity;
    private final LeaderCallbacks callbacks;
    private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "kcm-backup-lease-election");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopped;
    private CompletableFuture<?> term;

    /**
     * @param client the election's own client ({@link #electionClient}), closed on {@link #stop()}
     * @param onAcquired run each time this replica acquires the lease, after {@code leadership} knows it
     */
    public LeaseElection(KubernetesClient client, LeaderElectionConfig config, String namespace, Leadership leadership,
            Runnable onAcquired) {
        this.client = client;
        this.config = config;
        this.namespace = namespace;
        this.identity = identity(config);
        LeaderCallbacks own = leadership.callbacks();
        this.callbacks = new LeaderCallbacks(() -> {
            own.onStartLeading();
            onAcquired.run();
        }, own::onStopLeading, own::onNewLeader);
    }

    /** A client for the election from the operator's: no retries, and one retry period to connect and to answer. */
    public static KubernetesClient electionClient(Config operatorClient, Duration retryPeriod) {
        return new KubernetesClientBuilder().withConfig(electionConfig(operatorClient, retryPeriod)).build();
    }

    /** The configuration of {@link #electionClient}. */
    public static Config electionConfig(Config operatorClient, Duration retryPeriod) {
        int timeout = (int) Math.max(1, retryPeriod.toMillis());
        return new ConfigBuilder(operatorClient).withRequestRetryBackoffLimit(0).withConnectionTimeout(timeout)
                .withRequestTimeout(timeout).build();
    }

    public String identity() {
        return identity;
    }

    /** Starts competing; after a lost term, the next one starts by itself. */
    public synchronized void start() {
        if (stopped) {
            return;
        }
        term = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(config.leaseName())
                .withLock(new LeaseLock(namespace, config.leaseName(), identity))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod())
                .withLeaderCallbacks(callbacks)
                // released by stop() itself: fabric8 would also try on a lost term, blocking the loss on an unreachable server
                .withReleaseOnCancel(false)
                .build()).build().start();
        term.whenComplete((ignored, error) -> {
            if (error != null && !(error instanceof CancellationException)) {
                LOG.warnf(error, "Leader election on Lease %s/%s ended", namespace, config.leaseName());
            }
            if (!stopped) {
                restarts.execute(this::start);
            }
        });
    }

    /**
     * Stops competing and, if this replica holds the lease, releases it: the holder is cleared and the lease lasts one
     * second, as client-go releases it, so the next attempt of any standby acquires it. Call after reconciling has stopped.
     */
    public void stop() {
        synchronized (this) {
            stopped = true;
            if (term != null) {
                term.cancel(false);
            }
        }
        restarts.shutdown();
        try {
            release();
        } finally {
            client.close();
        }
    }

    private void release() {
        try {
            Lease lease = client.leases().inNamespace(namespace).withName(config.leaseName()).get();
            if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
                return;
            }
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            lease.getSpec().setHolderIdentity(null);
            lease.getSpec().setLeaseDurationSeconds(1);
            lease.getSpec().setAcquireTime(now);
            lease.getSpec().setRenewTime(now);
            // at the resourceVersion read: a lease another replica took meanwhile is left alone (409)
            client.resource(lease).update();
            LOG.infof("Released the leader lease %s/%s", namespace, config.leaseName());
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not release the leader lease %s/%s (a standby takes over when it expires): %s", namespace,
                    config.leaseName(), ApiErrors.concise(e));
        }
    }

    private static String identity(LeaderElectionConfig config) {
        String identity = config.identity().orElse(System.getenv("HOSTNAME"));
        return identity == null || identity.isBlank() ? UUID.randomUUID().toString() : identity;
    }
}
