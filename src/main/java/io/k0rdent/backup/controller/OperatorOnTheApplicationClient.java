package io.k0rdent.backup.controller;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.k0rdent.backup.health.StoppedWatches;
import io.quarkiverse.operatorsdk.runtime.CRDGenerationInfo;
import io.quarkiverse.operatorsdk.runtime.CRDUtils;
import io.quarkiverse.operatorsdk.runtime.QuarkusConfigurationService;
import io.quarkiverse.operatorsdk.runtime.QuarkusControllerConfiguration;
import io.quarkiverse.operatorsdk.runtime.config.OverriddenConfigurationService;

/**
 * The operator SDK's {@link Operator}, built as the Quarkus extension builds it, but on the application's Kubernetes
 * client.
 * <p>
 * Once a {@code ConfigurationServiceCustomizer} exists ({@link ReconcilePoolCustomizer}), quarkus-operator-sdk 7.7.3 wraps
 * the configuration in an {@link OverriddenConfigurationService} that does not pass {@code getKubernetesClient()} on, so
 * every call builds a client of its own from the environment: its own connection pool, JSON mapper and caches, none of
 * the settings of the Quarkus client. The operator asks once for itself and once per controller, so the controllers'
 * watches and status writes went through three clients the application never configured (heap dumps: about 0.5 MiB
 * each at 1,000 ManagementBackups). Here all of them get the application's client.
 */
@Singleton
public class OperatorOnTheApplicationClient {

    /** Replaces the extension's producer (a default bean): same steps, one client. */
    @Produces
    @ApplicationScoped
    Operator operator(QuarkusConfigurationService configuration,
            Instance<Reconciler<? extends HasMetadata>> reconcilers, KubernetesClient client, ReconcileCopies copies,
            StoppedWatches stoppedWatches) {
        QuarkusConfigurationService onTheClient = new OverriddenConfigurationService(configuration, configuration) {
            @Override
            public KubernetesClient getKubernetesClient() {
                return client;
            }

            // the client is the application's: Quarkus closes it after everything that uses it has stopped
            @Override
            public boolean closeClientOnStop() {
                return false;
            }

            // the extension's wrapper passes no cloner on either
            @Override
            public Cloner getResourceCloner() {
                return copies;
            }

            // not the SDK's default, which exits the process the moment a watch stops: the probes report it
            @Override
            public Optional<InformerStoppedHandler> getInformerStoppedHandler() {
                return Optional.of(stoppedWatches);
            }
        };
        CRDGenerationInfo crds = configuration.getCRDGenerationInfo();
        if (crds.isApplyCRDs()) {
            crds.getGenerated().forEach(crd -> CRDUtils.applyCRD(client, crds, crd));
        }
        Operator operator = new Operator(onTheClient);
        reconcilers.forEach(reconciler -> register(operator, onTheClient, reconciler));
        Duration termination = configuration.reconciliationTerminationTimeout();
        if (!termination.isZero()) {
            operator.installShutdownHook(termination);
        }
        return operator;
    }

    /**
     * Registers a reconciler with a configuration whose parent is the operator's: a controller takes its reconcile pool,
     * its cloner and its metrics from there when it is built, and the extension's configurations point at the one the
     * customizers overrode.
     */
    private static <P extends HasMetadata> void register(Operator operator, QuarkusConfigurationService parent,
            Reconciler<P> reconciler) {
        QuarkusControllerConfiguration<P> configuration = parent.getConfigurationFor(reconciler);
        configuration.setParent(parent);
        operator.register(reconciler, configuration);
    }
}
