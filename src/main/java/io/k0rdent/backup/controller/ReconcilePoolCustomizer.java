package io.k0rdent.backup.controller;

import java.util.function.Consumer;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.quarkus.arc.Unremovable;

/**
 * Hands the operator SDK the reconcile thread pool with a lane for Velero's progress ({@link ReconcileQueue} says why).
 * <p>
 * Overriding the executor is not enough on its own: the Quarkus extension leaves each controller's configuration
 * pointing at the configuration this overrides, and a controller takes its pool from its own configuration;
 * {@link OperatorOnTheApplicationClient} registers every controller with the operator's configuration as its parent.
 */
@Singleton
@Unremovable
public class ReconcilePoolCustomizer implements ConfigurationServiceCustomizer {

    private final int reconcileThreads;

    public ReconcilePoolCustomizer(
            @ConfigProperty(name = "quarkus.operator-sdk.concurrent-reconciliation-threads") int reconcileThreads) {
        this.reconcileThreads = reconcileThreads;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> overrider.withExecutorService(ReconcileQueue.executor(reconcileThreads));
    }
}
