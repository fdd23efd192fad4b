package io.k0rdent.backup.controller;

import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.quarkiverse.operatorsdk.runtime.QuarkusConfigurationService;
import io.quarkiverse.operatorsdk.runtime.QuarkusControllerConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.StartupEvent;

/**
 * Hands the operator SDK the reconcile thread pool with a lane for Velero's progress ({@link ReconcileQueue} says why).
 * <p>
 * Overriding the executor is not enough on its own: the Quarkus extension gives the {@link Operator} the overridden
 * configuration, but leaves each controller's configuration pointing at the one it overrode, and a controller takes its
 * reconcile pool from its own configuration when it starts. So, before the operator starts its controllers, each of
 * them is pointed at the operator's configuration (the one that holds the pool).
 */
@Singleton
@Unremovable
public class ReconcilePoolCustomizer implements ConfigurationServiceCustomizer {

    private static final Logger LOG = Logger.getLogger(ReconcilePoolCustomizer.class);
    /** Before the operator SDK starts the controllers (3123). */
    static final int BEFORE_OPERATOR = 3100;

    private final int reconcileThreads;

    public ReconcilePoolCustomizer(
            @ConfigProperty(name = "quarkus.operator-sdk.concurrent-reconciliation-threads") int reconcileThreads) {
        this.reconcileThreads = reconcileThreads;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> overrider.withExecutorService(ReconcileQueue.executor(reconcileThreads));
    }

    void useThePool(@Observes @Priority(BEFORE_OPERATOR) StartupEvent event, Operator operator) {
        if (!(operator.getConfigurationService() instanceof QuarkusConfigurationService configured)) {
            LOG.warnf("Reconciles run on the operator SDK's own pool: its configuration is a %s",
                    operator.getConfigurationService().getClass().getName());
            return;
        }
        for (RegisteredController<?> controller : operator.getRegisteredControllers()) {
            if (controller.getConfiguration() instanceof QuarkusControllerConfiguration<?> configuration
                    && configuration.getConfigurationService() != configured) {
                configuration.setParent(configured);
            }
        }
    }
}
