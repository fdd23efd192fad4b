package io.k0rdent.backup.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.velero.VeleroCache;

/**
 * Reports whether Velero's API is served, for people reading {@code /q/health}. Informational: always up. A missing Velero
 * is reported on every ManagementBackup ({@code VeleroInstalled=False}); making the pod unready or restarting it would
 * not install Velero, would hide the metrics and the admission webhook, and the operator picks Velero up by itself.
 */
@Readiness
@ApplicationScoped
public class VeleroHealthCheck implements HealthCheck {

    public static final String NAME = "velero";

    private final VeleroCache velero;
    private final OperatorConfig config;

    public VeleroHealthCheck(VeleroCache velero, OperatorConfig config) {
        this.velero = velero;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean installed = velero.isInstalled();
        return HealthCheckResponse.named(NAME).up()
                .withData("installed", installed)
                .withData("namespace", config.systemNamespace())
                .withData("message", installed ? "Velero's API is served; backups and storage locations are watched"
                        : "Velero is not installed: ManagementBackups report VeleroInstalled=False until it is")
                .build();
    }
}
