package io.k0rdent.backup.controller;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.upgrade.GateMode;
import io.k0rdent.backup.upgrade.ManagementView;
import io.k0rdent.backup.upgrade.UpgradeGate;
import io.k0rdent.backup.upgrade.UpgradeGate.Verdict;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.upgrade.UpgradeStats;

/**
 * Answers the upgrade gate's admission requests: asks {@link UpgradeGate} for a verdict on a Management update, starts the
 * pre-upgrade backups it is waiting for, and records what it ruled as an event on the Management. When it cannot tell,
 * it lets the update through: a broken backup operator must not block kcm upgrades.
 */
@ApplicationScoped
public class UpgradeGateHandler {

    @Inject
    BackupMetrics metrics;

    private static final Logger LOG = Logger.getLogger(UpgradeGateHandler.class);

    private final KubernetesClient client;
    private final PreUpgradeBackupStarter starter;
    private final EventRecorder events;
    private final UpgradeStats stats;
    private final OperatorConfig config;
    private final Clock clock;

    public UpgradeGateHandler(KubernetesClient client, PreUpgradeBackupStarter starter, EventRecorder events, UpgradeStats stats,
            OperatorConfig config, Clock clock) {
        this.client = client;
        this.starter = starter;
        this.events = events;
        this.stats = stats;
        this.config = config;
        this.clock = clock;
    }

    public AdmissionResponse review(AdmissionRequest request) {
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(request.getUid());
        response.setAllowed(true);
        if (!"UPDATE".equals(request.getOperation()) || request.getObject() == null || request.getOldObject() == null) {
            return response;
        }
        try {
            GenericKubernetesResource oldObject = generic(request.getOldObject());
            ManagementView old = ManagementView.of(oldObject);
            ManagementView updated = ManagementView.of(generic(request.getObject()));
            GateMode mode = config.upgrade().gate();
            if (Objects.equals(old.specRelease(), updated.specRelease()) || mode == GateMode.OFF) {
                return response;
            }
            boolean dryRun = Boolean.TRUE.equals(request.getDryRun());
            List<ManagementBackup> all = client.resources(ManagementBackup.class).list().getItems();
            Verdict verdict = UpgradeGate.decide(mode, old, updated, all, dryRun);
            String message = verdict.message();
            if (!dryRun) {
                message = start(verdict, oldObject, message);
                record(oldObject, verdict, message);
            }
            switch (verdict.ruling()) {
                case HELD -> {
                    response.setAllowed(false);
                    response.setStatus(new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(message).build());
                }
                case OVERRIDDEN -> response.setWarnings(List.of("upgrading without finished pre-upgrade backups, as "
                        + Labels.ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION + " asks"));
                default -> {
                }
            }
            return response;
        } catch (RuntimeException e) {
            // fail open, as the webhook configuration does when the operator cannot be reached at all
            LOG.errorf(e, "Upgrade gate could not evaluate the update of Management %s: letting it through", request.getName());
            response.setAllowed(true);
            response.setWarnings(List.of("the kcm backup operator could not check the pre-upgrade backups: " + ApiErrors.concise(e)));
            return response;
        }
    }

    /** Creates the missing pre-upgrade backups; a failure to create one is told in the message, not hidden. */
    private String start(Verdict verdict, GenericKubernetesResource management, String message) {
        List<String> failures = new ArrayList<>();
        for (ManagementBackup desired : verdict.toStart()) {
            try {
                starter.start(desired, management, verdict.installed(), verdict.target());
            } catch (RuntimeException e) {
                LOG.warnf("Could not start pre-upgrade backup %s: %s", desired.getMetadata().getName(), ApiErrors.concise(e));
                failures.add(desired.getMetadata().getName() + ": " + ApiErrors.concise(e));
            }
        }
        return failures.isEmpty() ? message : message + " Could not start " + String.join(", ", failures) + ".";
    }

    private void record(GenericKubernetesResource management, Verdict verdict, String message) {
        switch (verdict.ruling()) {
            case HELD -> events.warning(management, "UpgradeHeld", message);
            case RELEASED -> events.normal(management, "UpgradeReleased", message);
            case OVERRIDDEN -> events.warning(management, "UpgradeAllowedWithoutBackup", message);
            default -> {
                return;
            }
        }
        if (verdict.ruling() == UpgradeGate.Ruling.HELD) {
            metrics.upgradeDenied();
        }
        metrics.upgradeHeld(verdict.ruling() == UpgradeGate.Ruling.HELD);
        stats.gateDecision(new UpgradeStats.GateDecision(management.getMetadata().getName(), verdict.target(), verdict.ruling(),
                message, clock.instant()));
    }

    private GenericKubernetesResource generic(Object object) {
        if (object instanceof GenericKubernetesResource generic) {
            return generic;
        }
        return client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    }
}
