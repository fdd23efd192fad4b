package io.k0rdent.backup.upgrade;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.UpgradeBackupState;

/**
 * Decides whether an update of kcm's Management may change {@code spec.release} now. Pure: the webhook passes the old
 * and new Management and the ManagementBackups, and acts on the verdict (answers, starts missing backups, records events).
 */
public final class UpgradeGate {

    private UpgradeGate() {
    }

    /** What the gate ruled. Only {@link #HELD} denies the update. */
    public enum Ruling {
        /** {@code spec.release} does not change, or changes back to the installed release. */
        NOT_AN_UPGRADE,
        /** The gate is off. */
        GATE_OFF,
        /** Nothing installed yet, or no ManagementBackup asks for a backup before upgrades. */
        NOTHING_TO_WAIT_FOR,
        /** Every pre-upgrade backup is done as the mode requires. */
        RELEASED,
        /** Not done, but the Management carries the override annotation. */
        OVERRIDDEN,
        /** Not done: the update is denied. */
        HELD
    }

    /** One pre-upgrade backup as the gate saw it; {@code state} is null when it does not exist yet. */
    public record BackupState(String name, UpgradeBackupState state, String message) {

        public String describe() {
            if (state == null) {
                return name + " (not started)";
            }
            if (!state.isFailed() || message == null || message.isBlank()) {
                return name + " (" + state.wireName() + ")";
            }
            // the retry hint is said once for all backups at the end of the gate's message
            return name + " (" + state.wireName() + ": " + message.replace("; " + UpgradeBackupMachine.retryHint(), "") + ")";
        }
    }

    /**
     * The ruling, the message for the user (the denial reason or the event text), and what to start.
     *
     * @param toStart the pre-upgrade ManagementBackups that do not exist yet and are to be created now
     */
    public record Verdict(Ruling ruling, String message, String installed, String target, List<BackupState> backups,
            List<ManagementBackup> toStart) {

        public boolean allowed() {
            return ruling != Ruling.HELD;
        }
    }

    /**
     * @param old the Management before the update (its {@code status.release} is the installed release)
     * @param updated the Management as the update would leave it
     * @param all every ManagementBackup
     * @param dryRun a dry-run request: nothing is started, so the message does not say so
     */
    public static Verdict decide(GateMode mode, ManagementView old, ManagementView updated, Collection<ManagementBackup> all,
            boolean dryRun) {
        String installed = old.statusRelease();
        String target = updated.specRelease();
        if (Objects.equals(old.specRelease(), target)) {
            return verdict(Ruling.NOT_AN_UPGRADE, "spec.release is unchanged", installed, target);
        }
        if (mode == GateMode.OFF) {
            return verdict(Ruling.GATE_OFF, "the upgrade gate is off", installed, target);
        }
        if (installed == null) {
            return verdict(Ruling.NOTHING_TO_WAIT_FOR, "no release is installed yet, so there is nothing to back up", installed,
                    target);
        }
        if (installed.equals(target)) {
            return verdict(Ruling.NOT_AN_UPGRADE, "spec.release returns to the installed release " + installed, installed, target);
        }
        List<ManagementBackup> wanted = PreUpgradeBackups.desired(all, installed);
        if (wanted.isEmpty()) {
            return verdict(Ruling.NOTHING_TO_WAIT_FOR, "no ManagementBackup has a schedule and performOnManagementUpgrade: true",
                    installed, target);
        }
        Map<String, ManagementBackup> existing = all.stream()
                .collect(Collectors.toMap(mb -> mb.getMetadata().getName(), Function.identity(), (a, b) -> a));
        List<BackupState> states = new ArrayList<>();
        List<ManagementBackup> toStart = new ArrayList<>();
        for (ManagementBackup desired : wanted) {
            ManagementBackup found = existing.get(desired.getMetadata().getName());
            if (found == null) {
                toStart.add(desired);
                states.add(new BackupState(desired.getMetadata().getName(), null, null));
            } else {
                states.add(new BackupState(desired.getMetadata().getName(), PreUpgradeBackups.stateOf(found), messageOf(found)));
            }
        }
        String list = states.stream().map(BackupState::describe).collect(Collectors.joining(", "));
        String upgrade = "upgrade of Management " + updated.name() + " from " + installed + " to " + target;
        boolean done = states.stream().allMatch(s -> mode.releases(s.state()));
        if (done) {
            return new Verdict(Ruling.RELEASED, upgrade + " released: pre-upgrade backups " + list, installed, target, states,
                    List.of());
        }
        String wait = mode == GateMode.SUCCESS ? "succeeded" : "finished";
        if (updated.allowsUpgradeWithoutBackup()) {
            return new Verdict(Ruling.OVERRIDDEN, upgrade + " allowed by the annotation "
                    + Labels.ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION + " although not all pre-upgrade backups have " + wait
                    + ": " + list, installed, target, states, toStart);
        }
        StringBuilder message = new StringBuilder(upgrade).append(" is held until its pre-upgrade backups have ").append(wait)
                .append(" (upgrade gate mode ").append(mode.wireName()).append("): ").append(list).append('.');
        if (!toStart.isEmpty() && !dryRun) {
            message.append(" The missing backups are being started now.");
        }
        if (mode == GateMode.SUCCESS && states.stream().anyMatch(s -> s.state() != null && s.state().isFailed())) {
            message.append(" Retry a failed backup by annotating its ManagementBackup with ")
                    .append(Labels.RETRY_UPGRADE_BACKUP_ANNOTATION).append("=<new value>.");
        }
        message.append(" Apply the change again when they are done, or annotate the Management with ")
                .append(Labels.ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION).append("=true to upgrade without them.");
        return new Verdict(Ruling.HELD, message.toString(), installed, target, states, toStart);
    }

    private static Verdict verdict(Ruling ruling, String message, String installed, String target) {
        return new Verdict(ruling, message, installed, target, List.of(), List.of());
    }

    private static String messageOf(ManagementBackup mb) {
        if (mb.getStatus() == null) {
            return null;
        }
        if (mb.getStatus().getUpgradeBackup() != null) {
            return mb.getStatus().getUpgradeBackup().getMessage();
        }
        return mb.getStatus().getError();
    }
}
