package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.k0rdent.backup.api.ReadProblem;

class UnreadableHoldTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void statusFieldsThatCannotBeReadAreRemovedAndListsRewrittenAsRead() throws Exception {
        JsonNode read = json.readTree("""
                {"lastBackupName":"x","regions":[{"region":"eu","lastBackup":{"phase":"Completed"}}],
                 "upgradeBackup":{"state":"Active"}}""");

        JsonNode patch = UnreadableHold.removals(List.of(new ReadProblem("spec.retention.keepLast", "r"),
                new ReadProblem("status.upgradeBackup.attempt", "r"), new ReadProblem("status.observedGeneration", "r"),
                new ReadProblem("status.regions[0].lastBackup.errors", "r"),
                new ReadProblem("status.regions[0].lastBackup.warnings", "r"),
                new ReadProblem("status.conditions[1].observedGeneration", "r")), read);

        assertThat(patch).isEqualTo(json.readTree("""
                {"upgradeBackup":{"attempt":null},"observedGeneration":null,
                 "regions":[{"region":"eu","lastBackup":{"phase":"Completed"}}],"conditions":null}"""));
    }

    @Test
    void anObjectReadWholeNeedsNoRemoval() {
        assertThat(UnreadableHold.removals(List.of(), null)).isEmpty();
    }
}
