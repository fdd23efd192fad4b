package io.k0rdent.backup.upgrade;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.UpgradeBackupState;

/**
 * What this replica knows about pre-upgrade backups and the upgrade gate, as plain numbers for metrics and alerts:
 * backups by state, their outcomes, and whether the last release change the gate saw was held.
 */
@ApplicationScoped
public class UpgradeStats {

    /** The last ruling of the gate on a release change of one Management. */
    public record GateDecision(String management, String target, UpgradeGate.Ruling ruling, String message, Instant at) {
    }

    private final Map<UpgradeBackupState, AtomicLong> outcomes = new EnumMap<>(UpgradeBackupState.class);
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong overridden = new AtomicLong();
    private final Map<String, GateDecision> lastDecisions = new ConcurrentHashMap<>();
    private volatile Supplier<Collection<ManagementBackup>> preUpgradeBackups = List::of;

    public UpgradeStats() {
        for (UpgradeBackupState state : UpgradeBackupState.values()) {
            if (state.isTerminal()) {
                outcomes.put(state, new AtomicLong());
            }
        }
    }

    /** Where the current pre-upgrade ManagementBackups are read from (the controller's cache), when counted. */
    public void countFrom(Supplier<Collection<ManagementBackup>> source) {
        preUpgradeBackups = source;
    }

    /** Called by the controller when a pre-upgrade backup's state changes. */
    public void backupStateChanged(UpgradeBackupState before, UpgradeBackupState after, boolean retried) {
        if (after != null && after.isTerminal() && (after != before || retried)) {
            outcomes.get(after).incrementAndGet();
        }
        if (retried) {
            retries.incrementAndGet();
        }
    }

    /** Called by the gate with each ruling on a release change. */
    public void gateDecision(GateDecision decision) {
        switch (decision.ruling()) {
            case HELD -> held.incrementAndGet();
            case RELEASED -> released.incrementAndGet();
            case OVERRIDDEN -> overridden.incrementAndGet();
            default -> {
            }
        }
        lastDecisions.put(decision.management(), decision);
    }

    /** A held upgrade that went through anyway (another replica let it pass, or the gate was bypassed) is no longer held. */
    public void managementChanged(ManagementView management) {
        lastDecisions.computeIfPresent(management.name(), (name, decision) -> decision.ruling() == UpgradeGate.Ruling.HELD
                && decision.target() != null && decision.target().equals(management.specRelease()) ? null : decision);
    }

    /** Pre-upgrade backups, by their current state (every state present, zero if none). */
    public Map<UpgradeBackupState, Long> backupsByState() {
        Map<UpgradeBackupState, Long> counts = new EnumMap<>(UpgradeBackupState.class);
        for (UpgradeBackupState state : UpgradeBackupState.values()) {
            counts.put(state, 0L);
        }
        preUpgradeBackups.get().forEach(mb -> counts.merge(PreUpgradeBackups.stateOf(mb), 1L, Long::sum));
        return counts;
    }

    /** How many pre-upgrade backup attempts ended in {@code state} (Succeeded, Error or Timeout) since start. */
    public long outcomes(UpgradeBackupState state) {
        AtomicLong count = outcomes.get(state);
        return count == null ? 0 : count.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Release changes denied by the gate since start. */
    public long heldTotal() {
        return held.get();
    }

    /** Release changes the gate let through after waiting for backups, since start. */
    public long releasedTotal() {
        return released.get();
    }

    /** Release changes let through by the override annotation, since start. */
    public long overriddenTotal() {
        return overridden.get();
    }

    /** Whether the last release change the gate saw for some Management was held: an upgrade is waiting. */
    public boolean upgradeHeld() {
        return lastDecisions.values().stream().anyMatch(d -> d.ruling() == UpgradeGate.Ruling.HELD);
    }

    /** The held decision, with the message that names the backups it waits for. */
    public Optional<GateDecision> heldDecision() {
        return lastDecisions.values().stream().filter(d -> d.ruling() == UpgradeGate.Ruling.HELD).findFirst();
    }
}
