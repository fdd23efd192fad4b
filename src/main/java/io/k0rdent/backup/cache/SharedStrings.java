package io.k0rdent.backup.cache;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.k0rdent.backup.api.velero.BackupStatus;

/**
 * One copy of the strings that many cached objects repeat: label and annotation values, condition types, reasons,
 * messages and times, Velero phases and timestamps. A thousand ManagementBackups on one schedule carry the same slot
 * times and messages; each parsed object had its own copy of each. Only fields that repeat are shared (through the
 * JVM's string table, from which unused strings are collected), not resource versions or uids.
 */
public final class SharedStrings {

    private SharedStrings() {
    }

    public static String of(String s) {
        return s == null ? null : s.intern();
    }

    /** The name, namespace and creation time (objects made together share it), the values of labels and annotations. */
    public static void inMetadata(ObjectMeta metadata) {
        if (metadata == null) {
            return;
        }
        metadata.setName(of(metadata.getName()));
        metadata.setNamespace(of(metadata.getNamespace()));
        metadata.setCreationTimestamp(of(metadata.getCreationTimestamp()));
        inValues(metadata.getLabels());
        inValues(metadata.getAnnotations());
    }

    public static void inConditions(List<Condition> conditions) {
        if (conditions == null) {
            return;
        }
        for (Condition c : conditions) {
            c.setType(of(c.getType()));
            c.setStatus(of(c.getStatus()));
            c.setReason(of(c.getReason()));
            c.setMessage(of(c.getMessage()));
            c.setLastTransitionTime(of(c.getLastTransitionTime()));
        }
    }

    public static void inBackupStatus(BackupStatus status) {
        if (status == null) {
            return;
        }
        status.setPhase(of(status.getPhase()));
        status.setFormatVersion(of(status.getFormatVersion()));
        status.setExpiration(of(status.getExpiration()));
        status.setStartTimestamp(of(status.getStartTimestamp()));
        status.setCompletionTimestamp(of(status.getCompletionTimestamp()));
        status.setFailureReason(of(status.getFailureReason()));
    }

    private static void inValues(Map<String, String> map) {
        if (map != null && !map.isEmpty()) {
            map.replaceAll((key, value) -> of(value));
        }
    }
}
