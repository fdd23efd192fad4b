package io.k0rdent.backup.controller;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.BackupRefusal;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.kcm.KcmInventory;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.status.Outcome;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupFactory;
import io.k0rdent.backup.velero.BackupRefusals;
import io.k0rdent.backup.velero.BackupSelectors;
import io.k0rdent.backup.velero.BackupSelectors.Selection;
import io.k0rdent.backup.velero.StorageLocationCheck;
import io.k0rdent.backup.velero.VeleroCache;

/**
 * Creates a Velero Backup by its deterministic name, or adopts the one already there: a retry, a restart or a second
 * replica that decides the same slot lands on the same name, so one slot never gets two backups. A Backup the API server
 * refuses for good (or would: too large) is not sent again until something it was built from changes.
 */
@ApplicationScoped
public class BackupCreator {

    /** How long a created Backup's watch event is waited for (it comes within a second, unless the Backup is gone). */
    static final Duration ECHO_WAIT = Duration.ofMinutes(10);

    private final KubernetesClient client;
    /** Sends the create once: the client would repeat a 5xx several times, a 1.5 MiB refused body included. */
    private final KubernetesClient once;
    private final KcmInventory inventory;
    private final VeleroCache velero;
    private final OperatorConfig config;
    /**
     * The last refusal per ManagementBackup (by uid: a new object of the same name starts afresh), for a reconcile that
     * runs on a cached object older than the status write that recorded it.
     */
    private final Map<String, BackupRefusal> refused = new ConcurrentHashMap<>();
    /**
     * The selection of the inventory's current list: built once per change of the inventory, not once per Backup (at
     * 10,000 clusters a build takes most of a second, and a slot may take a thousand Backups).
     */
    private volatile Selected selected;
    /**
     * Backups being created by this process whose watch event has not come yet. That event, before Velero gives the
     * Backup a status, tells its ManagementBackup nothing the reconcile creating it does not write; without this filter
     * it cost every Backup of a slot one more reconcile of its ManagementBackup (three reconciles per backup instead of
     * two, measured). Entered before the request is sent: the event may come before the answer; with the time of the
     * reconcile, so that a name whose event never comes (the Backup deleted before the watch saw it) is forgotten after
     * {@link #ECHO_WAIT}.
     */
    private final Map<String, Instant> unseen = new ConcurrentHashMap<>();
    private volatile Instant nextForgetting = Instant.MIN;

    /** A selection with the bytes its selectors and providers take in a Backup. */
    private record Selected(List<ClusterInUse> clusters, Selection selection, List<String> providers, int bytes) {
    }
    @Inject
    BackupMetrics metrics;

    public BackupCreator(KubernetesClient client, KcmInventory inventory, VeleroCache velero, OperatorConfig config) {
        this.client = client;
        RequestConfig noRetries = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build();
        this.once = client.newClient(noRetries).adapt(KubernetesClient.class);
        this.inventory = inventory;
        this.velero = velero;
        this.config = config;
    }

    public Outcome create(ManagementBackup mb, BackupDecider.Create action, Instant now) {
        return create(mb, action, now, Map.of());
    }

    /** As {@link #create(ManagementBackup, BackupDecider.Create, Instant)}, with extra annotations on a new Backup. */
    public Outcome create(ManagementBackup mb, BackupDecider.Create action, Instant now, Map<String, String> annotations) {
        Selected current = selected();
        List<ClusterInUse> clusters = current.clusters();
        Selection selection = current.selection();
        Backup desired = BackupFactory.desired(mb, action.name(), config.systemNamespace(), selection.selectors(),
                current.providers(), config.defaultTtl(), action.slot());
        if (!annotations.isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(desired.getMetadata().getAnnotations());
            merged.putAll(annotations);
            desired.getMetadata().setAnnotations(merged);
        }
        // the digest of the inputs and the exact size cost a serialization of the Backup each (most of a second at 10,000
        // clusters): the digest is taken only where a refusal is recorded or made, the size only near the limit
        Supplier<String> inputs = memoized(() -> BackupRefusals.inputs(mb, desired, clusters, StorageLocationCheck.find(
                mb.getSpec() == null ? null : mb.getSpec().getStorageLocation(), velero.storageLocations())));
        String key = refusalKey(mb);
        BackupRefusal recorded = mb.getStatus() == null ? null : mb.getStatus().getRefusal();
        BackupRefusal remembered = refused.get(key);
        if (recorded != null || remembered != null) {
            Optional<BackupRefusal> held = BackupRefusals.stillRefused(inputs.get(), recorded, remembered);
            if (held.isPresent()) {
                return Outcome.held(held.get());
            }
        }
        if (!BackupRefusals.surelyFits(current.bytes(), desired)) {
            Optional<BackupRefusal> tooLarge = BackupRefusals.predict(action.name(), BackupRefusals.size(desired),
                    clusters.size(), desired.getSpec().getOrLabelSelectors().size(), inputs.get(), now);
            if (tooLarge.isPresent()) {
                refused.put(key, tooLarge.get());
                return Outcome.refused(tooLarge.get());
            }
        }
        Instant backupTime = action.slot() != null ? action.slot() : now;
        awaitEcho(action.name(), now);
        try {
            once.resources(Backup.class).inNamespace(config.systemNamespace()).resource(desired).create();
            refused.remove(key);
            // counted here, on the create that succeeded, so adopting it on a retry does not count it again
            metrics.backupCreated(mb, Optional.ofNullable(action.slot()).map(slot -> Duration.between(slot, now)));
            return Outcome.created(action.name(), backupTime, action.slot()).withSelection(selection);
        } catch (KubernetesClientException e) {
            // not created (or not known to be): its event, if any, goes to its ManagementBackup
            unseen.remove(action.name());
            String message = ApiErrors.answer(e) != null ? ApiErrors.answer(e) : e.getMessage();
            if (BackupRefusals.isPermanent(e.getCode(), message)) {
                BackupRefusal refusal = BackupRefusals.refused(action.name(), message, inputs.get(), now);
                refused.put(key, refusal);
                return Outcome.refused(refusal);
            }
            if (e.getCode() != 409) {
                throw e;
            }
        }
        Backup existing = client.resources(Backup.class).inNamespace(config.systemNamespace()).withName(action.name()).get();
        if (existing == null) {
            // deleted between our create and get: the next reconcile decides again
            throw new IllegalStateException("Velero Backup " + action.name() + " was deleted while being created");
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        String owner = labels == null ? null : labels.get(Labels.MANAGEMENT_BACKUP);
        if (BackupFactory.ownerLabelValue(mb.getMetadata().getName()).equals(owner)) {
            Instant created = action.slot() != null ? action.slot()
                    : BackupDecider.parseTime(existing.getMetadata().getCreationTimestamp()).orElse(now);
            return Outcome.created(action.name(), created, action.slot());
        }
        return Outcome.failed(action.slot(), "a Velero Backup named " + action.name() + " already exists in namespace "
                + config.systemNamespace() + " and was not created by this ManagementBackup"
                + (action.slot() == null ? "" : "; slot skipped"));
    }

    /**
     * Whether a watch event of a Backup is the first sight of one this process just created, before Velero gave it a
     * status: the reconcile that created it needs no other. Any later event, and this one for a Backup with a status,
     * is news for its ManagementBackup.
     */
    public boolean isOwnCreationEcho(Backup backup) {
        return unseen.remove(backup.getMetadata().getName()) != null && backup.getStatus() == null;
    }

    private void awaitEcho(String name, Instant now) {
        if (!now.isBefore(nextForgetting)) {
            nextForgetting = now.plus(ECHO_WAIT);
            Instant expired = now.minus(ECHO_WAIT);
            unseen.values().removeIf(entered -> entered.isBefore(expired));
        }
        unseen.put(name, now);
    }

    private Selected selected() {
        List<ClusterInUse> clusters = inventory.clustersInUse();
        Selected current = selected;
        // the inventory hands out the same list until it changes
        if (current == null || current.clusters() != clusters) {
            Selection selection = BackupSelectors.of(clusters);
            List<String> providers = BackupSelectors.providers(clusters);
            current = new Selected(clusters, selection, providers, BackupRefusals.bytesOf(selection.selectors(), providers));
            selected = current;
        }
        return current;
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    private static String refusalKey(ManagementBackup mb) {
        return mb.getMetadata().getUid() != null ? mb.getMetadata().getUid() : mb.getMetadata().getName();
    }
}
