package io.k0rdent.backup.test;

import java.util.Collections;
import java.util.List;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The events about an object, found as {@code kubectl describe} finds them: in all namespaces, by field selectors on the
 * involved object's name (and uid), which the strict test API server answers as a real one does.
 */
public final class Events {

    /** Where a real API server keeps the events of cluster-scoped objects. */
    public static final String CLUSTER_SCOPED_NAMESPACE = "default";

    private Events() {
    }

    /** {@code --field-selector involvedObject.name=NAME} over all namespaces. */
    public static List<Event> about(KubernetesClient client, String name) {
        return client.v1().events().inAnyNamespace().withField("involvedObject.name", name).list().getItems();
    }

    /** What {@code kubectl describe} lists for {@code object}: its name and uid, any namespace. */
    public static List<Event> about(KubernetesClient client, HasMetadata object) {
        return client.v1().events().inAnyNamespace().withField("involvedObject.name", object.getMetadata().getName())
                .withField("involvedObject.uid", object.getMetadata().getUid()).list().getItems();
    }

    /** The reasons of the events about {@code name}, one per occurrence: an event seen three times counts thrice. */
    public static List<String> reasons(KubernetesClient client, String name) {
        return occurrences(about(client, name));
    }

    public static List<String> occurrences(List<Event> events) {
        return events.stream()
                .flatMap(e -> Collections.nCopies(e.getCount() == null ? 1 : e.getCount(), e.getReason()).stream())
                .toList();
    }

    /** Removes the events of cluster-scoped objects and those in {@code systemNamespace}. */
    public static void deleteAll(KubernetesClient client, String systemNamespace) {
        client.v1().events().inNamespace(CLUSTER_SCOPED_NAMESPACE).delete();
        client.v1().events().inNamespace(systemNamespace).delete();
    }
}
