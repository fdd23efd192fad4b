package io.k0rdent.backup.upgrade;

import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.k0rdent.backup.api.Labels;

/**
 * The parts of kcm's Management this operator reads: the wanted release ({@code spec.release}), the installed one
 * ({@code status.release}) and the annotations. Read from an untyped object, so any served version works.
 */
public record ManagementView(String name, String specRelease, String statusRelease, Map<String, String> annotations) {

    public ManagementView {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public static ManagementView of(GenericKubernetesResource management) {
        return new ManagementView(management.getMetadata().getName(), text(management, "spec", "release"),
                text(management, "status", "release"), management.getMetadata().getAnnotations());
    }

    private static String text(GenericKubernetesResource resource, String... path) {
        Object value = resource.get((Object[]) path);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** kcm is moving to another release: one is installed, and a different one is wanted. */
    public boolean upgradePending() {
        return statusRelease != null && specRelease != null && !statusRelease.equals(specRelease);
    }

    /** The user asked the upgrade gate to let the upgrade through without waiting for the pre-upgrade backups. */
    public boolean allowsUpgradeWithoutBackup() {
        return "true".equalsIgnoreCase(annotations.get(Labels.ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION));
    }
}
