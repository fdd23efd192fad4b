package io.k0rdent.backup.kcm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * An informer's store that keeps, per object, only its resourceVersion and the compact record the inventory reads, not
 * the object: a kcm object as the API server returns it carries managedFields and a spec and status the backup never
 * looks at. The informer gets back objects with just the identifying metadata, which is all it compares.
 *
 * @param <R> the compact record kept per object
 */
final class CompactStore<R extends CompactStore.Named> implements ItemStore<GenericKubernetesResource> {

    /** A compact record knows where it came from. */
    interface Named {
        String namespace();

        String name();
    }

    private record Entry<R>(String resourceVersion, R record) {
    }

    private final BiFunction<GenericKubernetesResource, UnaryOperator<String>, R> compact;
    private final Runnable changed;
    private final Map<String, Entry<R>> entries = new ConcurrentHashMap<>();
    /** Namespaces and template names repeat across thousands of objects: one String each. */
    private final Map<String, String> shared = new ConcurrentHashMap<>();

    /**
     * @param compact the record of an object; the operator it is given returns one shared String for equal values
     * @param changed called when a record is added, removed or differs from the one it replaces; not when only the
     *            resourceVersion moved (a status update of a ClusterDeployment, a relist), which changes no backup
     */
    CompactStore(BiFunction<GenericKubernetesResource, UnaryOperator<String>, R> compact, Runnable changed) {
        this.compact = compact;
        this.changed = changed;
    }

    /** The records, in no particular order. */
    Stream<R> records() {
        return entries.values().stream().map(Entry::record);
    }

    R record(String namespace, String name) {
        Entry<R> entry = entries.get(key(namespace, name));
        return entry == null ? null : entry.record();
    }

    /** The same String for equal values, so that a value shared by many records is held once. */
    private String share(String value) {
        return value == null ? null : shared.computeIfAbsent(value, Function.identity());
    }

    static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    @Override
    public String getKey(GenericKubernetesResource obj) {
        return key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource obj) {
        R record = compact.apply(obj, this::share);
        Entry<R> old = entries.put(key, new Entry<>(obj.getMetadata().getResourceVersion(), record));
        if (old == null || !old.record().equals(record)) {
            changed.run();
        }
        return old == null ? null : expand(old);
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        Entry<R> old = entries.remove(key);
        if (old == null) {
            return null;
        }
        changed.run();
        return expand(old);
    }

    @Override
    public Stream<String> keySet() {
        return entries.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return entries.values().stream().map(CompactStore::expand);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        Entry<R> entry = entries.get(key);
        return entry == null ? null : expand(entry);
    }

    /** Whatever the informer's handlers receive from here is not the whole object. */
    @Override
    public boolean isFullState() {
        return false;
    }

    private static <R extends Named> GenericKubernetesResource expand(Entry<R> entry) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setMetadata(new ObjectMetaBuilder().withNamespace(entry.record().namespace()).withName(entry.record().name())
                .withResourceVersion(entry.resourceVersion()).build());
        return resource;
    }
}
