package io.k0rdent.backup.metrics;

import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.k0rdent.backup.api.ManagementBackup;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;

/**
 * The operator framework's reconcile metrics (JOSDK's Micrometer metrics, version 1), aggregated per controller instead
 * of per resource, and the one place that hears when a ManagementBackup is deleted, so that its series go with it.
 * <p>
 * Replaces the Quarkus operator SDK's default, which tags every meter with the resource's name and namespace and keeps
 * them after the resource is gone (it only cleans up after a finalizer ran, and this operator sets none): with a thousand
 * ManagementBackups that is tens of thousands of series nobody asked for.
 */
public class OperatorFrameworkMetrics implements Metrics {

    private final Metrics delegate;
    private final BackupMetrics backups;

    OperatorFrameworkMetrics(Metrics delegate, BackupMetrics backups) {
        this.delegate = delegate;
        this.backups = backups;
    }

    /** Produces the {@link Metrics} the operator SDK registers with JOSDK. */
    @Singleton
    static class Producer {
        @Produces
        @Singleton
        @Unremovable
        Metrics operatorMetrics(MeterRegistry registry, BackupMetrics backups) {
            return new OperatorFrameworkMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry), backups);
        }
    }

    @Override
    public void eventReceived(Event event, Map<String, Object> metadata) {
        delegate.eventReceived(event, metadata);
        if (event instanceof ResourceEvent resourceEvent && resourceEvent.getAction() == ResourceAction.DELETED
                && resourceEvent.getResource().filter(ManagementBackup.class::isInstance).isPresent()) {
            backups.forget(event.getRelatedCustomResourceID().getName());
        }
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        delegate.controllerRegistered(controller);
    }

    @Override
    public void reconciliationSubmitted(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        delegate.reconciliationSubmitted(resource, retryInfo, metadata);
    }

    @Override
    public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
        delegate.reconciliationStarted(resource, metadata);
    }

    @Override
    public void reconciliationFailed(HasMetadata resource, RetryInfo retryInfo, Exception exception,
            Map<String, Object> metadata) {
        delegate.reconciliationFailed(resource, retryInfo, exception, metadata);
    }

    @Override
    public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
        delegate.reconciliationSucceeded(resource, metadata);
    }

    @Override
    public void reconciliationFinished(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        delegate.reconciliationFinished(resource, retryInfo, metadata);
    }

    @Override
    public void cleanupDone(ResourceID resourceID, Map<String, Object> metadata) {
        delegate.cleanupDone(resourceID, metadata);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        return delegate.timeControllerExecution(execution);
    }
}
