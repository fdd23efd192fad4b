package io.k0rdent.backup.cache;

import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that keeps objects without their {@code metadata.managedFields}. The API server returns them on
 * every object, where they often take as much room as the rest; nothing here reads them, and an update or status update
 * that omits them leaves the server's untouched. Dropping them keeps each cached ManagementBackup and Velero object at
 * about half its size and halves the copy the operator SDK makes of an object for each reconcile. A store may also drop
 * other parts nothing reads ({@link #LeanItemStore(Consumer)}).
 *
 * @param <T> the kind stored
 */
public class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {

    private final Consumer<T> trim;

    public LeanItemStore() {
        this(obj -> {
        });
    }

    /** A store that also applies {@code trim} to each object it keeps (never to be written back: it is partial). */
    public LeanItemStore(Consumer<T> trim) {
        super(Cache::metaNamespaceKeyFunc);
        this.trim = trim;
    }

    @Override
    public T put(String key, T obj) {
        if (obj.getMetadata() != null) {
            obj.getMetadata().setManagedFields(null);
        }
        trim.accept(obj);
        return super.put(key, obj);
    }
}
