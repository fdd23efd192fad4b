package io.k0rdent.backup.velero;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupSpec;

/** Builds the Velero Backup a ManagementBackup asks for. Pure: same inputs, same object. */
public final class BackupFactory {

    /** Cluster API's Cluster objects are left out: restoring them would make CAPI act on live infrastructure. */
    static final List<String> EXCLUDED_RESOURCES = List.of("clusters.cluster.x-k8s.io");

    private BackupFactory() {
    }

    /** The label value that ties a Velero Backup to its ManagementBackup. */
    public static String ownerLabelValue(String managementBackupName) {
        return KubernetesNames.boundedLabelValue(managementBackupName);
    }

    /**
     * @param slot the schedule slot for a scheduled backup, or {@code null} for a single one
     */
    public static Backup desired(ManagementBackup mb, String name, String namespace, List<LabelSelector> selectors,
            List<String> providers, String defaultTtl, Instant slot) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGEMENT_BACKUP, ownerLabelValue(mb.getMetadata().getName()));
        Map<String, String> mbLabels = mb.getMetadata().getLabels();
        if (mbLabels != null && mbLabels.containsKey(Labels.RELEASE_BACKUP)) {
            labels.put(Labels.RELEASE_BACKUP, mbLabels.get(Labels.RELEASE_BACKUP));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        // the label value may be cut to 63 characters; the annotation keeps the full name to map events back
        annotations.put(Labels.MANAGEMENT_BACKUP, mb.getMetadata().getName());
        annotations.put(Labels.PROVIDERS_ANNOTATION, String.join(",", providers));
        if (slot != null) {
            annotations.put(Labels.SLOT_ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(slot));
        }

        BackupSpec spec = new BackupSpec();
        spec.setIncludedNamespaces(List.of("*"));
        spec.setExcludedResources(EXCLUDED_RESOURCES);
        spec.setOrLabelSelectors(selectors);
        String ttl = mb.getSpec() == null || mb.getSpec().getTtl() == null || mb.getSpec().getTtl().isBlank() ? defaultTtl
                : mb.getSpec().getTtl();
        spec.setTtl(ttl);
        if (mb.getSpec() != null && mb.getSpec().hasStorageLocation()) {
            spec.setStorageLocation(mb.getSpec().getStorageLocation());
        }

        Backup backup = new Backup();
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(annotations).build());
        backup.setSpec(spec);
        return backup;
    }
}
