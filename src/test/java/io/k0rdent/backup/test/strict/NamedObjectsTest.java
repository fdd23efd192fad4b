package io.k0rdent.backup.test.strict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceDefinitionProcessor;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

/** The store's index answers every query for one object as fabric8's scan of all objects does. */
class NamedObjectsTest {

    private static final List<String> NAMESPACES = List.of("kcm-system", "default", "other");
    private static final List<String> NAMES = List.of("a", "b", "c", "d");
    /** Keys as the mock makes them once the CRDs are known: with the resource's plural. */
    private static final KubernetesAttributesExtractor EXTRACTOR = new KubernetesAttributesExtractor();

    static {
        CustomResourceDefinitionProcessor crds = new CustomResourceDefinitionProcessor();
        crds.addCrdContext(new CustomResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1")
                .withKind("Backup").withPlural("backups").withScope("Namespaced").build());
        crds.addCrdContext(new CustomResourceDefinitionContext.Builder().withGroup("k0rdent.mirantis.com")
                .withVersion("v1beta1").withKind("ManagementBackup").withPlural("managementbackups").withScope("Cluster")
                .build());
        EXTRACTOR.setCustomResourceDefinitionProcessor(crds);
    }

    @Test
    void findsWhatTheScanFindsThroughCreatesAndDeletesOfNamespacedAndClusterScopedObjects() {
        Random random = new Random(0x5eed);
        NamedObjects named = new NamedObjects(Map.of());
        Map<AttributeSet, String> plain = new LinkedHashMap<>();
        int found = 0;
        for (int step = 0; step < 2_000; step++) {
            String json = object(random);
            AttributeSet key = EXTRACTOR.fromResource(json);
            if (random.nextInt(3) == 0) {
                named.remove(key);
                plain.remove(key);
            } else {
                named.put(key, json);
                plain.put(key, json);
            }
            for (AttributeSet query : queries()) {
                found += scan(plain, query) == null ? 0 : 1;
                assertThat(named.find(query, q -> scan(plain, q))).as("%s after step %d", query, step)
                        .isEqualTo(scan(plain, query));
            }
        }
        assertThat(named).isEqualTo(plain);
        assertThat(found).as("queries that found an object").isGreaterThan(10_000);
    }

    @Test
    void aRemovalThatWouldBypassTheIndexFails() {
        String json = backup("kcm-system", "a");
        NamedObjects named = new NamedObjects(Map.of(EXTRACTOR.fromResource(json), json));

        assertThatThrownBy(() -> named.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> named.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private static String object(Random random) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        return random.nextBoolean() ? backup(NAMESPACES.get(random.nextInt(NAMESPACES.size())), name)
                : """
                        {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"%s"}}"""
                        .formatted(name);
    }

    private static String backup(String namespace, String name) {
        return """
                {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"%s","namespace":"%s","labels":{"x":"y"}}}"""
                .formatted(name, namespace);
    }

    /** What the strict layer asks: a collection's path plus the name, namespaced, cluster-wide and cluster-scoped. */
    private static List<AttributeSet> queries() {
        List<AttributeSet> queries = new ArrayList<>();
        for (String name : NAMES) {
            for (String namespace : NAMESPACES) {
                queries.add(named("/apis/velero.io/v1/namespaces/" + namespace + "/backups", name));
            }
            queries.add(named("/apis/velero.io/v1/backups", name));
            queries.add(named("/apis/k0rdent.mirantis.com/v1beta1/managementbackups", name));
        }
        return queries;
    }

    private static AttributeSet named(String collection, String name) {
        return EXTRACTOR.fromPath(collection).add(new Attribute(KubernetesAttributesExtractor.NAME, name));
    }

    /** fabric8's {@code findResource}: the first stored object whose key matches. */
    private static Map.Entry<AttributeSet, String> scan(Map<AttributeSet, String> objects, AttributeSet query) {
        return objects.entrySet().stream().filter(e -> e.getKey().matches(query)).findFirst()
                .map(e -> Map.entry(e.getKey(), e.getValue())).orElse(null);
    }
}
