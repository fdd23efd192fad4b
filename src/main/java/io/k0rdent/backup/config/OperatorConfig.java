package io.k0rdent.backup.config;

import java.time.Duration;

import io.k0rdent.backup.upgrade.GateMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the operator, from {@code application.properties} or {@code KCM_BACKUP_*} environment variables. */
@ConfigMapping(prefix = "kcm-backup")
public interface OperatorConfig {

    /** Namespace where Velero runs and where this operator creates Velero objects and events. */
    @WithDefault("kcm-system")
    String systemNamespace();

    /** Velero TTL of the backups when a ManagementBackup does not set {@code spec.ttl}. */
    @WithDefault("720h")
    String defaultTtl();

    /** How often to look for Velero's API while it is not installed. */
    @WithDefault("30s")
    Duration veleroCheckInterval();

    /**
     * How often to look again at which versions of kcm's ClusterDeployment and ClusterTemplate are served: kcm may be
     * installed after this operator, or change the version in an upgrade. The informers watching them follow.
     */
    @WithDefault("30s")
    Duration inventoryCheckInterval();

    /** Requests the operator may have in flight to the API server at once (fabric8's default is 5). */
    @WithDefault("64")
    int maxConcurrentRequests();

    /** How long cached answers about which kcm API version the cluster serves stay valid. */
    @WithDefault("60s")
    Duration discoveryCacheTtl();

    /**
     * How often a waiting ManagementRestore looks again for what it waits for. Changes of Backups this operator created
     * wake it at once; a Backup created by someone else, or an object in the way, is only seen by looking again.
     */
    @WithDefault("30s")
    Duration restoreRecheckInterval();

    /**
     * Whether to load the Kubernetes client's classes on a second thread while Quarkus boots (shorter start-up on a
     * machine with more than one core). Read before the rest of the configuration exists: only the environment
     * variable {@code KCM_BACKUP_PRELOAD} or the system property {@code kcm-backup.preload} set it; it is declared
     * here so that both are known settings.
     */
    @WithDefault("true")
    boolean preload();

    /**
     * Whether to check that no reconcile changes the spec or status of a cached object in place (they share them with the
     * cache, {@code ReconcileCopies}); costs a JSON serialization of several dozen objects per reconcile. On in the tests.
     */
    @WithDefault("false")
    boolean checkCacheMutations();

    /** Pre-upgrade backups and the upgrade gate ({@code kcm-backup.upgrade.*}). */
    Upgrade upgrade();

    /** Settings of the backups taken before kcm upgrades. */
    interface Upgrade {

        /** How long a pre-upgrade backup attempt may take before it ends in {@code Timeout}. */
        @WithDefault("1h")
        Duration backupTimeout();

        /** Upgrade gate webhook: {@code off}, {@code completion} (any result releases) or {@code success}. */
        @WithDefault("completion")
        GateMode gate();

        /** How often to look for kcm's Management API while it is not served. */
        @WithDefault("30s")
        Duration managementCheckInterval();
    }
}
