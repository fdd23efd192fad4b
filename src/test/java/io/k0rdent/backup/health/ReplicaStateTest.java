package io.k0rdent.backup.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.k0rdent.backup.ha.Leadership.Role;

class ReplicaStateTest {

    @ParameterizedTest(name = "started={0} everStarted={1} synced={2} role={3} everLed={4} -> ready={5}")
    @CsvSource({
            "false, false, false, SINGLE,  false, false, operator starting",
            "true,  true,  false, SINGLE,  false, false, informers have not synced yet",
            "true,  true,  true,  SINGLE,  false, true,  reconciling (leader election off)",
            "true,  true,  true,  LEADER,  true,  true,  reconciling (holds the lease)",
            "true,  true,  true,  STANDBY, false, true,  'standby with synced caches, waiting for the lease'",
            "true,  true,  true,  STANDBY, true,  true,  'standby with synced caches, competing for the lease it lost'",
            "true,  true,  false, STANDBY, false, false, informers have not synced yet",
            "false, true,  false, LEADER,  true,  false, operator stopped",
    })
    void readiness(boolean started, boolean everStarted, boolean synced, Role role, boolean everLed, boolean ready,
            String reason) {
        ReplicaState.Verdict verdict = new ReplicaState(started, everStarted, synced, role, everLed).readiness();
        assertThat(verdict.up()).isEqualTo(ready);
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "started={0} everStarted={1} role={2} everLed={3} -> alive={4}")
    @CsvSource({
            "false, false, SINGLE,  false, true,  starting",
            "true,  true,  SINGLE,  false, true,  running",
            "true,  true,  STANDBY, false, true,  running",
            "true,  true,  LEADER,  true,  true,  running",
            "false, true,  SINGLE,  false, false, operator stopped after it had started",
            "true,  true,  STANDBY, true,  true,  running",
    })
    void liveness(boolean started, boolean everStarted, Role role, boolean everLed, boolean alive, String reason) {
        ReplicaState.Verdict verdict = new ReplicaState(started, everStarted, started, role, everLed).liveness();
        assertThat(verdict.up()).isEqualTo(alive);
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    @Test
    void aWatchThatStoppedForGoodIsNeitherReadyNorAliveAndSaysWhich() {
        ReplicaState state = new ReplicaState(true, true, true, Role.LEADER, true,
                "the watch of managementbackups.k0rdent.mirantis.com stopped: boom");

        assertThat(state.readiness()).isEqualTo(new ReplicaState.Verdict(false,
                "the watch of managementbackups.k0rdent.mirantis.com stopped: boom"));
        assertThat(state.liveness().up()).isFalse();
        assertThat(state.liveness().reason()).contains("managementbackups");
    }
}
