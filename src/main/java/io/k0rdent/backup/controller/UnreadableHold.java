package io.k0rdent.backup.controller;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.PartlyRead;
import io.k0rdent.backup.api.ReadProblem;
import io.k0rdent.backup.api.ReportedStatus;
import io.k0rdent.backup.status.UnreadableStatus;

/**
 * Holds one of this operator's objects that has fields it cannot read: reports them on the object (status and a Warning
 * event) and does nothing else with it. The report is a merge patch of the status that sets {@code error}, the conditions
 * and {@code observedGeneration}, and removes the status fields that could not be read: the API server validates the
 * whole status on every status write, so while one of them is there (a value the CRD no longer allows) no status write
 * succeeds. Spec fields are the user's: the object stays held until they are corrected. Where the status cannot be
 * written at all (a spec value the installed CRD refuses, on an API server that validates the whole object on status
 * writes), the Warning event says so and carries the report.
 */
@ApplicationScoped
public class UnreadableHold {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    public UnreadableHold(KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param status the object's status as read (fields it could not read are unset); null if it has none
     * @param held what the operator does not do with it meanwhile, for the message
     */
    public <T extends HasMetadata & PartlyRead> void hold(T object, ReportedStatus status, String readyType, String held) {
        List<Condition> conditions = status == null ? null : status.getConditions();
        String error = status == null ? null : status.getError();
        Long generation = object.getMetadata().getGeneration();
        UnreadableStatus.Report report = UnreadableStatus.of(object, held, conditions, readyType, generation, clock.instant());
        boolean statusUnreadable = object.readProblems().stream().anyMatch(UnreadableStatus::isStatus);
        if (statusUnreadable || !report.conditions().equals(conditions) || !report.error().equals(error)) {
            ObjectNode patch = removals(object.readProblems(), client.getKubernetesSerialization().convertValue(status,
                    JsonNode.class));
            patch.put("error", report.error());
            patch.set("conditions", client.getKubernetesSerialization().convertValue(report.conditions(), JsonNode.class));
            patch.put("observedGeneration", generation);
            ObjectNode body = JSON.objectNode();
            body.set("status", patch);
            @SuppressWarnings("unchecked")
            Class<T> kind = (Class<T>) object.getClass();
            try {
                client.resources(kind).withName(object.getMetadata().getName()).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 422) {
                    throw e;
                }
                // an API server without validation ratcheting validates the whole object on a status write, and a spec
                // value the CRD no longer allows fails every one: the event is all that can be said on the object
                events.warning(object, UnreadableStatus.REASON, report.error() + ". Its status cannot be written meanwhile: "
                        + ApiErrors.concise(e));
                return;
            }
        }
        if (report.newly()) {
            events.warning(object, UnreadableStatus.REASON, report.error());
        }
    }

    /**
     * A merge patch of the status that removes each status field that could not be read: {@code null} at its path, or,
     * inside a list (a merge patch replaces lists whole), the list as read, where that field is unset.
     */
    static ObjectNode removals(List<ReadProblem> problems, JsonNode status) {
        ObjectNode patch = JSON.objectNode();
        for (ReadProblem problem : problems) {
            if (!UnreadableStatus.isStatus(problem)) {
                continue;
            }
            String path = problem.field().substring("status.".length());
            int list = path.indexOf('[');
            String[] segments = (list < 0 ? path : path.substring(0, list)).split("\\.");
            JsonNode replacement = JSON.nullNode();
            if (list >= 0) {
                JsonNode read = status == null ? null : status.at("/" + String.join("/", segments));
                replacement = read == null || read.isMissingNode() ? JSON.nullNode() : read;
            }
            ObjectNode parent = patch;
            for (int i = 0; i < segments.length - 1 && parent != null; i++) {
                JsonNode child = parent.get(segments[i]);
                if (child == null) {
                    parent = parent.putObject(segments[i]);
                } else {
                    // already removed or replaced whole higher up
                    parent = child instanceof ObjectNode object ? object : null;
                }
            }
            if (parent != null) {
                parent.set(segments[segments.length - 1], replacement);
            }
        }
        return patch;
    }
}
