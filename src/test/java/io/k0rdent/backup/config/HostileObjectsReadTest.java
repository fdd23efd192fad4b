package io.k0rdent.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.PartlyRead;
import io.k0rdent.backup.api.ReadProblem;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.test.HostileObjects;

/**
 * Every kind the operator reads into a typed model, fed objects its real CRD schema allows (and objects of a newer version
 * of the kind), the way its informers read them: as an item of a list page and as the object of a watch event. No read
 * fails, every other field is read, and the fields reported unreadable are exactly those an independent walk of the
 * JSON against the Java types finds out of range or unknown. With this project's current CRDs nothing is unreadable.
 */
class HostileObjectsReadTest {

    static final int OBJECTS = 150;
    static final String OWN_MB = "target/kubernetes/managementbackups.k0rdent.mirantis.com-v1.yml";
    static final String OWN_MR = "target/kubernetes/managementrestores.k0rdent.mirantis.com-v1.yml";

    record Kind(Class<? extends HasMetadata> type, String crd, String version, String namespace) {
        @Override
        public String toString() {
            return type.getSimpleName();
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind(ManagementBackup.class, OWN_MB, "v1beta1", null),
            new Kind(ManagementRestore.class, OWN_MR, "v1beta1", null),
            new Kind(Backup.class, "velero.io_backups.yaml", "v1", "kcm-system"),
            new Kind(Restore.class, "velero.io_restores.yaml", "v1", "kcm-system"),
            new Kind(BackupStorageLocation.class, "velero.io_backupstoragelocations.yaml", "v1", "kcm-system"),
            new Kind(DeleteBackupRequest.class, "velero.io_deletebackuprequests.yaml", "v1", "kcm-system"));

    /** Each kind with its schema as served, as before its integers had bounds, and of a newer version. */
    static Stream<Arguments> cases() {
        return KINDS.stream().flatMap(kind -> Stream.of(
                Arguments.of(kind, "as served", false, false),
                Arguments.of(kind, "without bounds", true, false),
                Arguments.of(kind, "newer version", true, true)));
    }

    final Map<String, List<ReadProblem>> reported = new HashMap<>();
    final KubernetesSerialization serialization = TolerantReadingTest.serialization((object, problems) -> reported.put(
            object.getMetadata().getName(), problems));
    final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyObjectTheSchemaAllowsIsReadAndOnlyWhatTheModelCannotHoldIsReported(Kind kind, String what, boolean unbounded,
            boolean newer) {
        serialization.registerKubernetesResource(kind.type());
        JsonNode schema = HostileObjects.schema(kind.crd(), kind.version());
        if (unbounded) {
            schema = HostileObjects.withoutBounds(schema.deepCopy());
        }
        String apiVersion = HasMetadata.getGroup(kind.type()) + "/" + kind.version();
        String kindName = HasMetadata.getKind(kind.type());
        int unreadable = 0;
        for (int i = 0; i < OBJECTS; i++) {
            long seed = 31L * i + kindName.hashCode() + (unbounded ? 7 : 0) + (newer ? 13 : 0);
            HostileObjects generator = new HostileObjects(seed, newer);
            ObjectNode hostile = generator.object(schema, apiVersion, kindName, "hostile-" + i, kind.namespace());
            List<String> expected = unreadableFields(hostile, kind.type());
            String context = kindName + " seed " + seed + ": " + hostile;

            // as a list page: the neighbours are read whole whatever the hostile one holds
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            items.add(plain(apiVersion, kindName, "before-" + i, kind.namespace())).add(hostile)
                    .add(plain(apiVersion, kindName, "after-" + i, kind.namespace()));
            ObjectNode list = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kindName + "List");
            list.putObject("metadata").put("resourceVersion", "1");
            list.set("items", items);
            reported.clear();
            List<HasMetadata> read = serialization.unmarshal(list.toString(),
                    new TypeReference<DefaultKubernetesResourceList<HasMetadata>>() {
                    }).getItems();
            assertThat(read).as(context).extracting(o -> o.getMetadata().getName())
                    .containsExactly("before-" + i, "hostile-" + i, "after-" + i);
            List<String> found = problems(read.get(1), reported);
            assertThat(found).as(context).isEqualTo(expected.subList(0, Math.min(expected.size(), TolerantReading.MAX_PROBLEMS)));

            // as the object of a watch event
            WatchEvent event = serialization.unmarshal("{\"type\":\"MODIFIED\",\"object\":" + hostile + "}", WatchEvent.class);
            assertThat(event.getObject()).as(context).isInstanceOf(kind.type());
            assertThat(((HasMetadata) event.getObject()).getMetadata().getName()).isEqualTo("hostile-" + i);
            unreadable += expected.isEmpty() ? 0 : 1;
        }
        if (isOwn(kind) && !unbounded) {
            assertThat(unreadable).as("objects the API server stores with this project's schema that the model cannot hold")
                    .isZero();
        }
        if (isOwn(kind) && unbounded) {
            assertThat(unreadable).as("the generator reaches the model's limits").isPositive();
        }
    }

    private static boolean isOwn(Kind kind) {
        return PartlyRead.class.isAssignableFrom(kind.type());
    }

    /** The problems of one object: on it for this operator's kinds, else as the sink heard of them. */
    private static List<String> problems(HasMetadata object, Map<String, List<ReadProblem>> reported) {
        List<ReadProblem> problems = object instanceof PartlyRead partlyRead ? partlyRead.readProblems()
                : reported.getOrDefault(object.getMetadata().getName(), List.of());
        if (object instanceof PartlyRead) {
            assertThat(reported.getOrDefault(object.getMetadata().getName(), List.of())).isEqualTo(problems);
        }
        return problems.stream().map(ReadProblem::field).toList();
    }

    private static ObjectNode plain(String apiVersion, String kind, String name, String namespace) {
        ObjectNode object = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        return object;
    }

    /** Where the JSON holds a value its Java field cannot: an independent walk of the document against the Java types. */
    List<String> unreadableFields(JsonNode object, Class<?> type) {
        List<String> found = new ArrayList<>();
        walk(object, mapper.constructType(type), "", found);
        return found;
    }

    /** Read by fabric8's own model (metadata, validated by the API server) or not read at all ({@code UnreadFields}). */
    private static final Set<String> ROOT = Set.of("metadata", "apiVersion", "kind");
    private static final Set<String> UNREAD = Set.of("orLabelSelectors", "labelSelector", "managedFields");

    private void walk(JsonNode value, JavaType type, String path, List<String> found) {
        if (value == null || value.isNull()) {
            return;
        }
        Class<?> raw = type.getRawClass();
        if (raw == Integer.class || raw == int.class) {
            check(value, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE), path, found);
        } else if (raw == Long.class || raw == long.class) {
            check(value, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE), path, found);
        } else if (raw.isEnum()) {
            try {
                // the enum's own wire names (@JsonProperty) decide
                mapper.treeToValue(value, raw);
            } catch (IOException | IllegalArgumentException e) {
                found.add(path);
            }
        } else if (type.isCollectionLikeType()) {
            for (int i = 0; value.isArray() && i < value.size(); i++) {
                walk(value.get(i), type.getContentType(), path + "[" + i + "]", found);
            }
        } else if (!type.isMapLikeType() && !raw.getName().startsWith("java.") && !raw.isPrimitive() && value.isObject()) {
            BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                if (path.isEmpty() && ROOT.contains(name) || UNREAD.contains(name)) {
                    continue;
                }
                bean.findProperties().stream().filter(p -> p.getName().equals(name) && (p.hasSetter() || p.hasField()))
                        .findFirst().map(BeanPropertyDefinition::getPrimaryType)
                        .ifPresent(t -> walk(field.getValue(), t, path.isEmpty() ? name : path + "." + name, found));
            }
        }
    }

    /** Jackson reads an integral number, or an integral float, within the range; anything else fails. */
    private static void check(JsonNode value, BigInteger min, BigInteger max, String path, List<String> found) {
        BigInteger number;
        if (value.isIntegralNumber()) {
            number = value.bigIntegerValue();
        } else if (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue())) {
            number = value.decimalValue().toBigInteger();
        } else if (value.isNumber()) {
            found.add(path);
            return;
        } else {
            // a string or boolean where a number is modelled: not what any schema here allows
            found.add(path);
            return;
        }
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            found.add(path);
        }
    }
}
