package io.k0rdent.backup.ha;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.controller.StandaloneReconciler;
import io.k0rdent.backup.controller.Wakeups;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.test.ConfigDefaults;
import io.k0rdent.backup.test.RecordedRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * One operator instance wired by hand as the application wires it: its own clients, caches, reconciler and lease election,
 * every request it makes recorded. Stopped as Quarkus stops the application.
 */
final class OperatorReplica {

    static final String NS = "kcm-system";

    final String identity;
    final RecordedRequests requests = new RecordedRequests();
    final KubernetesClient client;
    final Leadership leadership;
    final Operator operator;
    final Wakeups wakeups;
    final LeaseElection election;

    /** @param timings leader election settings by {@link LeaderElectionConfig} method name; defaults for the others */
    OperatorReplica(String identity, Config cluster, Clock clock, Map<String, String> timings) {
        this.identity = identity;
        client = requests.operatorClient(cluster);
        leadership = new Leadership(true, new SimpleMeterRegistry());
        Map<String, String> settings = new HashMap<>(timings);
        settings.put("identity", identity);
        LeaderElectionConfig config = ConfigDefaults.of(LeaderElectionConfig.class, settings);
        StandaloneReconciler.Wired wired = StandaloneReconciler.create(client, ConfigDefaults.of(OperatorConfig.class, Map.of()),
                clock, new BackupMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock), leadership);
        wakeups = wired.wakeups();
        operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false)
                // a stopped informer must not exit the test JVM (JOSDK's default handler would)
                .withInformerStoppedHandler((informer, error) -> {
                }));
        operator.register(wired.reconciler());
        election = new LeaseElection(requests.client(LeaseElection.electionConfig(cluster, config.retryPeriod())), config, NS,
                leadership, () -> LeaseElectionRunner.reconcileAll(operator));
    }

    /** Starts as the application does: the operator, then the election. */
    OperatorReplica start() {
        operator.start();
        election.start();
        return this;
    }

    /** A graceful stop, in Quarkus' order: the shutdown event, the operator (waiting for its reconciles), the election. */
    void stop() {
        leadership.shuttingDown(null);
        operator.stop();
        election.stop();
        client.close();
    }

    boolean isRunning() {
        return operator.getRuntimeInfo().isStarted();
    }
}
