package io.k0rdent.backup.startup;

import java.security.KeyStore;
import java.time.Instant;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.schedule.Schedules;
import io.quarkus.runtime.ImageMode;

/**
 * Loads and initialises, on a background thread, the classes the operator needs right after Quarkus has booted: JSON
 * (de)serialisation of the kinds it reads and writes, TLS to the API server, cron parsing. Quarkus boots on the main
 * thread, one core at a time; the same class loading here runs on another core, so the first list, watch and lease
 * requests find their classes loaded.
 * <p>
 * It has no effect but on timing: nothing it creates is kept, it touches no CDI bean, no network, no file but the JDK's
 * trust store, and a failure is logged at debug level and ignored. {@code KCM_BACKUP_PRELOAD=false} turns it off; a
 * native executable never runs it.
 */
final class Preload implements Runnable {

    private static final Logger LOG = Logger.getLogger(Preload.class);

    /** One object of each kind the operator reads at start-up, as the API server sends it. */
    private static final String MANAGEMENT_BACKUP = """
            {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup",
             "metadata":{"name":"preload","uid":"0","resourceVersion":"1","generation":1,
                         "creationTimestamp":"2025-01-01T00:00:00Z","labels":{"a":"b"},"annotations":{"a":"b"}},
             "spec":{"schedule":"@every 1h30m","storageLocation":"default","performOnManagementUpgrade":true},
             "status":{"lastBackupName":"preload","lastBackupTime":"2025-01-01T00:00:00Z","observedGeneration":1,
                       "lastBackup":{"phase":"Completed","startTimestamp":"2025-01-01T00:00:00Z"},
                       "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2025-01-01T00:00:00Z",
                                      "reason":"Preload","message":"","observedGeneration":1}]}}""";
    private static final String VELERO_BACKUP = """
            {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"preload","namespace":"kcm-system"},
             "spec":{"storageLocation":"default","includedNamespaces":["*"],
                     "orLabelSelectors":[{"matchLabels":{"a":"b"}},{"matchExpressions":[{"key":"a","operator":"Exists"}]}]},
             "status":{"phase":"Completed","startTimestamp":"2025-01-01T00:00:00Z",
                       "completionTimestamp":"2025-01-01T00:00:00Z","progress":{"itemsBackedUp":1,"totalItems":1}}}""";
    private static final String STORAGE_LOCATION = """
            {"apiVersion":"velero.io/v1","kind":"BackupStorageLocation","metadata":{"name":"default"},
             "spec":{"provider":"aws","objectStorage":{"bucket":"b"}},"status":{"phase":"Available"}}""";
    private static final String MANAGEMENT_RESTORE = """
            {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementRestore","metadata":{"name":"preload"},
             "spec":{"fromManagementBackup":"preload","dryRun":true}}""";
    private static final String MANAGEMENT = """
            {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"Management","metadata":{"name":"kcm"},
             "spec":{"release":"kcm-1-0-0"},"status":{"release":"kcm-1-0-0"}}""";
    private static final String LEASE = """
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l","namespace":"kcm-system"},
             "spec":{"holderIdentity":"a","leaseDurationSeconds":15,"acquireTime":"2025-01-01T00:00:00.000000Z",
                     "renewTime":"2025-01-01T00:00:00.000000Z","leaseTransitions":0}}""";

    static void start() {
        String enabled = System.getProperty("kcm-backup.preload",
                System.getenv().getOrDefault("KCM_BACKUP_PRELOAD", "true"));
        if (!wanted(enabled, ImageMode.current())) {
            return;
        }
        Thread thread = new Thread(new Preload(), "kcm-backup-preload");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * Whether to preload: as set, and never in a native executable, whose classes were loaded and initialised when it
     * was built. There the thread only costs memory (about 4.5 MB) and start-up time.
     */
    static boolean wanted(String setting, ImageMode mode) {
        return mode != ImageMode.NATIVE_RUN && Boolean.parseBoolean(setting.trim());
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            preload();
            LOG.debugf("Preloaded start-up classes in %d ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.debugf(e, "Preloading start-up classes failed; start-up goes on, only slower");
        }
    }

    /** Reads and writes one object of each kind, parses a schedule and sets up TLS. */
    static void preload() throws Exception {
        KubernetesSerialization json = new KubernetesSerialization();
        ManagementBackup backup = json.unmarshal(MANAGEMENT_BACKUP, ManagementBackup.class);
        json.asJson(backup);
        json.asJson(json.unmarshal(VELERO_BACKUP, Backup.class));
        json.unmarshal(STORAGE_LOCATION, BackupStorageLocation.class);
        json.unmarshal(MANAGEMENT_RESTORE, ManagementRestore.class);
        json.unmarshal(MANAGEMENT, GenericKubernetesResource.class);
        json.asJson(json.unmarshal(LEASE, Lease.class));
        json.asJson(new Event());
        Schedules.parse("0 */6 * * *").next(Instant.EPOCH);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init((KeyStore) null);
        SSLContext.getInstance("TLS").init(null, trust.getTrustManagers(), null);
    }
}
