package io.k0rdent.backup.restore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.ResourceModifierReference;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.RestoreSpec;

/** Builds the Velero Restore (and, for a rollback, its resource-modifier ConfigMap) of one attempt. Pure. */
public final class RestorePlanner {

    /** Objects that already exist are updated to the backed-up state instead of being skipped. */
    public static final String EXISTING_RESOURCE_POLICY = "update";
    /** The data key of the rollback ConfigMap, as in the documented manual rollback. */
    public static final String MODIFIER_KEY = "patch-mgmt-spec-release";

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private RestorePlanner() {
    }

    /** The objects of one attempt; {@code providersKnown} is false when the backup did not record its providers. */
    public record Plan(Restore restore, Optional<ConfigMap> resourceModifier, List<String> providers, boolean providersKnown) {

        /** Both objects as one multi-document YAML, ConfigMap first (Velero reads it when the Restore starts). */
        public String toYaml() {
            StringBuilder yaml = new StringBuilder();
            resourceModifier.ifPresent(cm -> yaml.append(document(cm)));
            yaml.append(document(restore));
            return yaml.toString();
        }

        private static String document(Object object) {
            String text = YAML.asYaml(object);
            return text.startsWith("---") ? text : "---\n" + text;
        }
    }

    public static Plan plan(ManagementRestore mr, Backup backup, int attempt, String namespace) {
        ManagementRestoreSpec spec = mr.getSpec();
        String restoreName = mr.restoreName(attempt);
        Optional<String> annotated = providersAnnotation(backup);
        List<String> providers = annotated.map(RestorePlanner::split).orElse(List.of());

        RestoreSpec restoreSpec = new RestoreSpec();
        restoreSpec.setBackupName(backup.getMetadata().getName());
        restoreSpec.setExcludedResources(RestoreExclusions.of(providers, spec.getExcludedResources()));
        restoreSpec.setExistingResourcePolicy(EXISTING_RESOURCE_POLICY);
        restoreSpec.setHooks(new LinkedHashMap<>());
        restoreSpec.setIncludedNamespaces(List.of("*"));

        Optional<ConfigMap> modifier = Optional.empty();
        if (spec.isRollback()) {
            String configMapName = modifierName(restoreName);
            modifier = Optional.of(new ConfigMapBuilder()
                    .withMetadata(metadata(mr, configMapName, namespace, attempt, true))
                    .addToData(MODIFIER_KEY, modifierRules(spec.getRollbackToRelease()))
                    .build());
            restoreSpec.setResourceModifier(ResourceModifierReference.configMap(configMapName));
        }

        Restore restore = new Restore();
        // no owner reference: deleting a Velero Restore also deletes its logs and results from object storage
        restore.setMetadata(metadata(mr, restoreName, namespace, attempt, false));
        restore.setSpec(restoreSpec);
        return new Plan(restore, modifier, providers, annotated.isPresent());
    }

    /** Name of the rollback ConfigMap of an attempt: one per attempt, so cleaning up one never removes the next one's. */
    public static String modifierName(String restoreName) {
        return KubernetesNames.boundedName(restoreName + "-" + MODIFIER_KEY);
    }

    /** The documented resource-modifier rules that set {@code /spec/release} of every restored Management. */
    public static String modifierRules(String release) {
        return "version: v1\n"
                + "resourceModifierRules:\n"
                + "- conditions:\n"
                + "    groupResource: managements.k0rdent.mirantis.com\n"
                + "  patches:\n"
                + "  - operation: replace\n"
                + "    path: \"/spec/release\"\n"
                + "    value: \"" + release.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
    }

    private static ObjectMeta metadata(ManagementRestore mr, String name, String namespace, int attempt, boolean owned) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGEMENT_RESTORE, ownerLabelValue(mr.getMetadata().getName()));
        Map<String, String> annotations = new LinkedHashMap<>();
        // the label value may be cut to 63 characters; the annotation keeps the full name to map events back
        annotations.put(Labels.MANAGEMENT_RESTORE, mr.getMetadata().getName());
        annotations.put(Labels.RESTORE_ATTEMPT_ANNOTATION, Integer.toString(attempt));
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(annotations);
        if (owned && mr.getMetadata().getUid() != null) {
            // a cluster-scoped owner may own namespaced objects: the rollback ConfigMap goes when its ManagementRestore goes
            meta.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(mr.getApiVersion()).withKind(mr.getKind())
                    .withName(mr.getMetadata().getName()).withUid(mr.getMetadata().getUid()).withController(true)
                    .build());
        }
        return meta.build();
    }

    /** The label value that ties a Velero Restore or ConfigMap to its ManagementRestore. */
    public static String ownerLabelValue(String managementRestoreName) {
        return KubernetesNames.boundedLabelValue(managementRestoreName);
    }

    static Optional<String> providersAnnotation(Backup backup) {
        Map<String, String> annotations = backup.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(Labels.PROVIDERS_ANNOTATION));
    }

    private static List<String> split(String providers) {
        List<String> result = new ArrayList<>();
        Arrays.stream(providers.split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(result::add);
        return result;
    }
}
