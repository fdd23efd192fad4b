package io.k0rdent.backup.api.velero;

import java.util.Set;

/** Names and phases of the Velero API this operator speaks. */
public final class Velero {
    public static final String GROUP = "velero.io";
    public static final String VERSION = "v1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Backup phases during which Velero is still working on a backup. */
    public static final Set<String> RUNNING_PHASES = Set.of("New", "Queued", "ReadyToStart", "InProgress",
            "WaitingForPluginOperations", "WaitingForPluginOperationsPartiallyFailed", "Finalizing",
            "FinalizingPartiallyFailed");

    public static final String COMPLETED = "Completed";
    public static final String PARTIALLY_FAILED = "PartiallyFailed";
    public static final String FAILED = "Failed";
    public static final String FAILED_VALIDATION = "FailedValidation";

    /** Phases after which Velero will not touch a backup again (short of deleting it). */
    public static final Set<String> TERMINAL_PHASES = Set.of(COMPLETED, PARTIALLY_FAILED, FAILED, FAILED_VALIDATION);

    private Velero() {
    }

    /** A backup Velero has not picked up yet has no phase: it counts as New. */
    public static boolean isRunning(String phase) {
        return phase == null || phase.isEmpty() || RUNNING_PHASES.contains(phase);
    }

    public static boolean isTerminal(String phase) {
        return phase != null && TERMINAL_PHASES.contains(phase);
    }
}
