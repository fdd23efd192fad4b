package io.k0rdent.backup.controller;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.restore.AttemptOutcome;
import io.k0rdent.backup.restore.RestoreDecider.Blocker;
import io.k0rdent.backup.restore.RestorePlanner;
import io.k0rdent.backup.restore.RestorePlanner.Plan;

/**
 * Creates the objects of a restore attempt by their deterministic names, or adopts those already there: a retry or a
 * restart of this operator that decides the same attempt lands on the same names, so one attempt never runs twice.
 */
@ApplicationScoped
public class RestoreCreator {

    public static final String NAME_TAKEN = "NameTaken";

    private final KubernetesClient client;
    private final OperatorConfig config;

    public RestoreCreator(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The rollback ConfigMap first: Velero reads it when it starts the Restore, and fails the Restore without it. */
    public AttemptOutcome start(ManagementRestore mr, Plan plan, AttemptOutcome outcome) {
        String owner = RestorePlanner.ownerLabelValue(mr.getMetadata().getName());
        String modifier = null;
        if (plan.resourceModifier().isPresent()) {
            ConfigMap desired = plan.resourceModifier().get();
            modifier = desired.getMetadata().getName();
            try {
                client.configMaps().inNamespace(config.systemNamespace()).resource(desired).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                ConfigMap existing = client.configMaps().inNamespace(config.systemNamespace()).withName(modifier).get();
                if (existing == null || !ownedBy(existing, owner)) {
                    return outcome.withFailure(taken("ConfigMap", modifier));
                }
                // ours from an interrupted earlier try: make sure it says what this attempt needs
                client.configMaps().inNamespace(config.systemNamespace()).withName(modifier)
                        .edit(cm -> {
                            cm.setData(desired.getData());
                            return cm;
                        });
            }
        }
        Restore desired = plan.restore();
        String name = desired.getMetadata().getName();
        try {
            Restore created = client.resources(Restore.class).inNamespace(config.systemNamespace()).resource(desired).create();
            return outcome.withCreated(created, modifier);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        Restore existing = client.resources(Restore.class).inNamespace(config.systemNamespace()).withName(name).get();
        if (existing == null) {
            // deleted between our create and get: the next reconcile decides again
            throw new IllegalStateException("Velero Restore " + name + " was deleted while being created");
        }
        if (!ownedBy(existing, owner)) {
            return outcome.withFailure(taken("Velero Restore", name));
        }
        return outcome.withCreated(existing, modifier);
    }

    /** Deletes a finished attempt's rollback ConfigMap; one already gone counts as deleted. */
    public AttemptOutcome deleteModifier(String name, AttemptOutcome outcome) {
        client.configMaps().inNamespace(config.systemNamespace()).withName(name).delete();
        return outcome.withModifierDeleted();
    }

    private Blocker taken(String kind, String name) {
        return new Blocker(NAME_TAKEN, "a " + kind + " named " + name + " already exists in namespace " + config.systemNamespace()
                + " and was not created by this ManagementRestore; delete or rename it");
    }

    private static boolean ownedBy(HasMetadata object, String owner) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && owner.equals(labels.get(Labels.MANAGEMENT_RESTORE));
    }
}
