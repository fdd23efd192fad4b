package io.k0rdent.backup.upgrade;

import io.k0rdent.backup.api.UpgradeBackupState;

/** How the upgrade gate webhook treats a release change while pre-upgrade backups are not done. */
public enum GateMode {
    /** Never holds an upgrade. */
    OFF,
    /** Holds it until every pre-upgrade backup has a result, whatever it is (kcm's own rule). */
    COMPLETION,
    /** Holds it until every pre-upgrade backup has succeeded. */
    SUCCESS;

    /** Whether a backup in {@code state} lets the upgrade through in this mode. */
    public boolean releases(UpgradeBackupState state) {
        return switch (this) {
            case OFF -> true;
            case COMPLETION -> state != null && state.isTerminal();
            case SUCCESS -> state == UpgradeBackupState.SUCCEEDED;
        };
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
