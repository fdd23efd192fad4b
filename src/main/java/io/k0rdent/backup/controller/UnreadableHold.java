package io.k0rdent.backup.controller;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.k0rdent.backup.api.PartlyRead;
import io.k0rdent.backup.status.UnreadableStatus;

/**
 * Holds one of this operator's objects that has fields it cannot read: reports them on the object (status and a Warning
 * event) and does nothing else with it. Only {@code error}, the conditions and {@code observedGeneration} are written,
 * through a merge patch of the status, so that status fields the operator could not read stay as they are: a newer
 * operator that wrote them can still read them back.
 */
@ApplicationScoped
public class UnreadableHold {

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    public UnreadableHold(KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param conditions the object's conditions as read
     * @param error its {@code status.error} as read
     * @param held what the operator does not do with it meanwhile, for the message
     */
    public <T extends HasMetadata & PartlyRead> void hold(T object, List<Condition> conditions, String error, String readyType,
            String held) {
        Long generation = object.getMetadata().getGeneration();
        UnreadableStatus.Report report = UnreadableStatus.of(object, held, conditions, readyType, generation, clock.instant());
        if (!report.conditions().equals(conditions) || !report.error().equals(error)) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("error", report.error());
            status.put("conditions", report.conditions());
            status.put("observedGeneration", generation);
            String patch = client.getKubernetesSerialization().asJson(Map.of("status", status));
            @SuppressWarnings("unchecked")
            Class<T> kind = (Class<T>) object.getClass();
            client.resources(kind).withName(object.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
        if (report.newly()) {
            events.warning(object, UnreadableStatus.REASON, report.error());
        }
    }
}
