package io.k0rdent.backup.velero;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.k0rdent.backup.api.BackupRefusal;
import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;
import io.k0rdent.backup.status.StatusCalculator;

/**
 * Refusals of a Backup create that retrying cannot fix: which answers of the API server are such refusals, the one that
 * can be told before sending (the Backup is too large for etcd), and whether an earlier refusal still holds, i.e. no
 * input it was based on has changed. Pure.
 */
public final class BackupRefusals {

    /** The API server refused the create. */
    public static final String REFUSED = "BackupRefused";
    /** Not sent: it would exceed what etcd stores. */
    public static final String TOO_LARGE = "BackupTooLarge";

    /** etcd's default {@code --max-request-bytes}: the whole object, as stored, must fit in one request. */
    public static final int ETCD_REQUEST_LIMIT = 1_572_864;
    /**
     * Room for what the object gains after it is sent: the API server's uid, timestamps and managedFields (small, the
     * selector list is atomic), Velero's labels and its status (progress, timestamps, a few hundred bytes of errors).
     */
    public static final int SERVER_ADDITIONS = 64 * 1024;
    /** The largest serialized Backup sent. */
    public static final int SIZE_BUDGET = ETCD_REQUEST_LIMIT - SERVER_ADDITIONS;

    /**
     * More than a Backup carries besides its selectors and providers: its names, labels and annotations (each at most a
     * few hundred bytes), TTL, storage location, namespaces and excluded resources.
     */
    static final int REST_OF_BACKUP = 16 * 1024;

    private static final String TOO_LARGE_MESSAGE = "request is too large";

    private BackupRefusals() {
    }

    /**
     * Whether an API server's answer to a create is a refusal retrying cannot fix: 422 (the object is invalid), 413 (the
     * body is over the API server's own limit) and etcd's {@code 500 etcdserver: request is too large}. Every other
     * error (another 5xx, a timeout, a conflict) may pass and is retried.
     */
    public static boolean isPermanent(int code, String message) {
        return code == 422 || code == 413 || code == 500 && message != null && message.contains(TOO_LARGE_MESSAGE);
    }

    /** The refusal of {@code backupName} with the API server's message. */
    public static BackupRefusal refused(String backupName, String serverMessage, String inputs, Instant now) {
        return new BackupRefusal(backupName, REFUSED, "the API server refused Velero backup " + backupName + ": "
                + serverMessage, inputs, StatusCalculator.format(now));
    }

    /** The refusal to expect for a Backup of {@code bytes} serialized, or empty when it fits. */
    public static Optional<BackupRefusal> predict(String backupName, int bytes, int clusters, int selectors, String inputs,
            Instant now) {
        if (bytes <= SIZE_BUDGET) {
            return Optional.empty();
        }
        String message = String.format("Velero backup %s not sent: it would be %,d bytes (%,d label selectors for %,d "
                + "ClusterDeployments), over the %,d bytes that fit in etcd's request limit of %,d bytes with room for what "
                + "the API server adds", backupName, bytes, selectors, clusters, SIZE_BUDGET, ETCD_REQUEST_LIMIT);
        return Optional.of(new BackupRefusal(backupName, TOO_LARGE, message, inputs, StatusCalculator.format(now)));
    }

    /**
     * The first of the recorded refusals (in the status, or remembered since a status write not yet seen) that was based
     * on exactly these inputs: then nothing is sent.
     */
    public static Optional<BackupRefusal> stillRefused(String inputs, BackupRefusal... recorded) {
        return Arrays.stream(recorded).filter(r -> r != null && inputs.equals(r.getInputs())).findFirst();
    }

    /**
     * A digest of everything a Backup create depends on: the ManagementBackup's generation (its spec) and annotations (a
     * retry request), the clusters and providers in use, the storage location it goes to (its spec and phase, not its
     * resourceVersion, which Velero moves at each validation) and the Backup's spec (what this operator makes of all that,
     * which an upgrade of the operator may change). Not the slot: a later slot would be refused the same way.
     */
    public static String inputs(ManagementBackup mb, Backup desired, List<ClusterInUse> clusters,
            Optional<BackupStorageLocation> location) {
        StringBuilder digest = new StringBuilder();
        line(digest, "generation", String.valueOf(mb.getMetadata().getGeneration()));
        Map<String, String> annotations = mb.getMetadata().getAnnotations();
        new TreeMap<>(annotations == null ? Map.of() : annotations).forEach((k, v) -> line(digest, "annotation", k + "=" + v));
        for (ClusterInUse cluster : clusters) {
            line(digest, "cluster", cluster.namespace() + "/" + cluster.name() + "/" + cluster.template() + "/"
                    + String.join(",", cluster.providers()));
        }
        line(digest, "location", location.map(l -> l.getMetadata().getName() + " " + Serialization.asJson(l.getSpec()) + " "
                + (l.getStatus() == null ? "" : l.getStatus().getPhase())).orElse("none"));
        line(digest, "spec", Serialization.asJson(desired.getSpec()));
        return KubernetesNames.sha256Hex(digest.toString());
    }

    /** The bytes that {@code selectors} and {@code providers} take in a Backup, serialized. */
    public static int bytesOf(List<LabelSelector> selectors, List<String> providers) {
        return Serialization.asJson(selectors).getBytes(StandardCharsets.UTF_8).length
                + Serialization.asJson(String.join(",", providers)).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Whether {@code desired}, whose selectors and providers take {@code selectionBytes}, fits without measuring it: when
     * even the most the rest of it could take leaves it under the budget, and its annotations are a handful.
     */
    public static boolean surelyFits(int selectionBytes, Backup desired) {
        Map<String, String> annotations = desired.getMetadata().getAnnotations();
        return selectionBytes + REST_OF_BACKUP <= SIZE_BUDGET && (annotations == null || annotations.size() <= 8);
    }

    /** The size of the Backup as sent, in bytes. */
    public static int size(Backup desired) {
        return Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8).length;
    }

    /** One input per line, values JSON-quoted so that no value can pass for two. */
    private static void line(StringBuilder digest, String field, String value) {
        digest.append(field).append(' ').append(Serialization.asJson(value)).append('\n');
    }
}
