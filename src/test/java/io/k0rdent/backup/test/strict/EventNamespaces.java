package io.k0rdent.backup.test.strict;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The API server's rule for where an event may live: beside a namespaced object, or in {@code default} (also
 * {@code kube-system} for events with an {@code eventTime}) when the object is cluster-scoped.
 */
final class EventNamespaces {

    private static final Set<String> CLUSTER_SCOPED_LEGACY = Set.of("", "default");
    private static final Set<String> CLUSTER_SCOPED = Set.of("", "default", "kube-system");

    private EventNamespaces() {
    }

    static boolean isEvent(ApiPath target) {
        return target.plural().equals("events") && (target.isCore() || target.group().equals("events.k8s.io"));
    }

    static void check(ApiPath target, JsonNode event) {
        boolean coreEvent = target.isCore();
        JsonNode involved = event.path(coreEvent ? "involvedObject" : "regarding");
        String involvedNamespace = involved.path("namespace").asText("");
        String namespace = target.namespace() == null ? "" : target.namespace();
        // events.k8s.io always has an eventTime; core events may, which admits kube-system as well
        boolean hasEventTime = !coreEvent || !event.path("eventTime").isNull() && !event.path("eventTime").isMissingNode();
        boolean allowed = involvedNamespace.isEmpty()
                ? (hasEventTime ? CLUSTER_SCOPED : CLUSTER_SCOPED_LEGACY).contains(namespace)
                : involvedNamespace.equals(namespace);
        if (!allowed) {
            throw Refusal.invalid(coreEvent ? "" : target.group(), "Event", target.name(), List.of(FieldError.invalid(
                    "involvedObject.namespace", TextNode.valueOf(involvedNamespace), "does not match event.namespace")));
        }
    }
}
