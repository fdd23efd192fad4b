package io.k0rdent.backup.config;

import java.time.Clock;

import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;

/**
 * Lets the Kubernetes client keep more requests in flight to the API server than fabric8's default of 5, for HTTP
 * clients that honour the setting (OkHttp, Jetty). The Vert.x client Quarkus uses ignores it: its pool takes up to 8,192
 * connections, and since every request of a reconcile blocks its thread, the reconcile threads
 * ({@code quarkus.operator-sdk.concurrent-reconciliation-threads}) are what bounds the requests in flight.
 *
 * <p>A configuration without a token is read again at most once a minute ({@link TokenlessRefresh}), not on every request.
 */
@Singleton
public class ClientTuning implements KubernetesConfigCustomizer {

    private final OperatorConfig config;
    private final Clock clock;

    public ClientTuning(OperatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void customize(Config client) {
        tune(client, config.maxConcurrentRequests(), clock);
    }

    /** The settings this operator's client runs with; also those of the benchmark that compares it with the server. */
    public static void tune(Config client, int maxConcurrentRequests, Clock clock) {
        client.setMaxConcurrentRequests(Math.max(client.getMaxConcurrentRequests(), maxConcurrentRequests));
        client.setMaxConcurrentRequestsPerHost(maxConcurrentRequests);
        TokenlessRefresh.install(client, clock);
    }
}
