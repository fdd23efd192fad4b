package io.k0rdent.backup.test.strict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.Value;

/**
 * The mock server's store of objects, also indexed by resource, namespace and name, so that finding one object is a
 * lookup, as in etcd, and not a scan of every stored object (fabric8's {@code findResource} compares the request with
 * each of them: with thousands of objects stored, that scan was most of the mock's time per write, which a real API
 * server does not spend). Keeps the insertion order of the map it replaces; its views are read-only, so that a removal
 * that would bypass the index fails instead of leaving it stale.
 */
final class NamedObjects implements Map<AttributeSet, String> {

    private final Map<AttributeSet, String> objects = new LinkedHashMap<>();
    private final Map<String, List<AttributeSet>> byName = new HashMap<>();

    NamedObjects(Map<AttributeSet, String> stored) {
        stored.forEach(this::put);
    }

    /**
     * The stored object that {@code query} names, or {@code null} when none does. A query without a namespace found
     * nothing in the index is answered by {@code scan}: it may name a namespaced object in any namespace.
     */
    Map.Entry<AttributeSet, String> find(AttributeSet query, Function<AttributeSet, Map.Entry<AttributeSet, String>> scan) {
        List<String> names = identities(query);
        if (names.size() != 1) {
            return scan.apply(query);
        }
        for (AttributeSet candidate : byName.getOrDefault(names.get(0), List.of())) {
            if (candidate.matches(query)) {
                return Map.entry(candidate, objects.get(candidate));
            }
        }
        return query.getAttribute(KubernetesAttributesExtractor.NAMESPACE) == null ? scan.apply(query) : null;
    }

    /** Index keys: one per plural the key carries, with its namespace ("" for cluster-scoped) and name. */
    private static List<String> identities(AttributeSet key) {
        String name = single(key.getAttribute(KubernetesAttributesExtractor.NAME));
        Attribute plurals = key.getAttribute(KubernetesAttributesExtractor.PLURAL);
        if (name == null || plurals == null) {
            return List.of();
        }
        Attribute namespaceAttribute = key.getAttribute(KubernetesAttributesExtractor.NAMESPACE);
        String namespace = namespaceAttribute == null ? "" : single(namespaceAttribute);
        if (namespace == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (Value plural : plurals.getValues()) {
            result.add(plural + "/" + namespace + "/" + name);
        }
        return result;
    }

    private static String single(Attribute attribute) {
        return attribute == null || attribute.getValues().size() != 1 ? null : attribute.getValues().get(0).toString();
    }

    @Override
    public String put(AttributeSet key, String value) {
        String previous = objects.put(key, value);
        if (previous == null) {
            for (String identity : identities(key)) {
                byName.computeIfAbsent(identity, i -> new ArrayList<>(1)).add(key);
            }
        }
        return previous;
    }

    @Override
    public String remove(Object key) {
        String previous = objects.remove(key);
        if (previous != null && key instanceof AttributeSet set) {
            for (String identity : identities(set)) {
                List<AttributeSet> keys = byName.get(identity);
                if (keys != null && keys.remove(set) && keys.isEmpty()) {
                    byName.remove(identity);
                }
            }
        }
        return previous;
    }

    @Override
    public void putAll(Map<? extends AttributeSet, ? extends String> m) {
        m.forEach(this::put);
    }

    @Override
    public void clear() {
        objects.clear();
        byName.clear();
    }

    @Override
    public int size() {
        return objects.size();
    }

    @Override
    public boolean isEmpty() {
        return objects.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return objects.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return objects.containsValue(value);
    }

    @Override
    public String get(Object key) {
        return objects.get(key);
    }

    @Override
    public Set<AttributeSet> keySet() {
        return Collections.unmodifiableSet(objects.keySet());
    }

    @Override
    public Collection<String> values() {
        return Collections.unmodifiableCollection(objects.values());
    }

    @Override
    public Set<Entry<AttributeSet, String>> entrySet() {
        return Collections.unmodifiableSet(objects.entrySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Map<?, ?> other && objects.equals(other);
    }

    @Override
    public int hashCode() {
        return objects.hashCode();
    }
}
