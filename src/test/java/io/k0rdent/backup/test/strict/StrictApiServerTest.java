package io.k0rdent.backup.test.strict;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.k0rdent.backup.test.MockCluster;

/** Each rule of the strict test API server, shown by the refusal (or the result) a real kube-apiserver gives. */
class StrictApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "kcm-system";
    private static final String BSL = "/apis/velero.io/v1/namespaces/kcm-system/backupstoragelocations";
    private static final String WIDGETS = "/apis/strict.test/v1/namespaces/kcm-system/widgets";
    private static final String WIDGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.strict.test}
            spec:
              group: strict.test
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      apiVersion: {type: string}
                      kind: {type: string}
                      metadata: {type: object}
                      spec:
                        type: object
                        required: [size]
                        properties:
                          size: {type: integer, minimum: 1, maximum: 10}
                          color: {type: string, enum: [red, blue]}
                          name: {type: string, minLength: 2, maxLength: 5, pattern: '^[a-z]+$'}
                          tags: {type: array, minItems: 1, maxItems: 2, items: {type: string}}
                          port: {x-kubernetes-int-or-string: true}
                          extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                          labels: {type: object, additionalProperties: {type: string}}
                          template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
                          nested: {type: object, properties: {enabled: {type: boolean}}}
                      status:
                        type: object
                        properties:
                          phase: {type: string}
            """;

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    record Answer(int code, JsonNode body) {
    }

    @BeforeEach
    void startServer() {
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server = StrictApiServer.install(new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false));
        server.init();
        client = server.createClient();
        MockCluster.createAllCrds(client);
        client.apiextensions().v1().customResourceDefinitions()
                .resource(client.getKubernetesSerialization().unmarshal(WIDGET_CRD, CustomResourceDefinition.class)).create();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    // 1. events

    @Test
    void eventOfAClusterScopedObjectOutsideDefaultIsRefusedAsARealServerRefusesIt() {
        Answer answer = send("POST", "/api/v1/namespaces/kcm-system/events", event("x.1", null));

        assertThat(answer.code()).isEqualTo(422);
        assertThat(answer.body()).isEqualTo(real("event-cluster-scoped-object-in-kcm-system"));
    }

    @Test
    void eventOfAClusterScopedObjectInDefaultIsStored() {
        assertThat(send("POST", "/api/v1/namespaces/default/events", event("x.2", null)).code()).isEqualTo(201);
    }

    @Test
    void eventOfANamespacedObjectMustBeInThatObjectsNamespace() {
        assertThat(send("POST", "/api/v1/namespaces/default/events", event("y.1", NS)).code()).isEqualTo(422);
        assertThat(send("POST", "/api/v1/namespaces/kcm-system/events", event("y.2", NS)).code()).isEqualTo(201);
    }

    @Test
    void eventsApiEventOfAClusterScopedObjectMayBeInDefaultButNotInTheSystemNamespace() {
        String event = """
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"%s"},"eventTime":"2026-12-02T00:00:00.000000Z",
                 "reportingController":"c","reportingInstance":"i","action":"A","reason":"R","type":"Normal",
                 "regarding":{"kind":"ManagementBackup","name":"x","apiVersion":"k0rdent.mirantis.com/v1beta1"}}""";

        Answer refused = send("POST", "/apis/events.k8s.io/v1/namespaces/kcm-system/events", event.formatted("z.1"));
        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("involvedObject.namespace");
        assertThat(send("POST", "/apis/events.k8s.io/v1/namespaces/default/events", event.formatted("z.2")).code()).isEqualTo(201);
    }

    @Test
    void eventsAreFoundByFieldSelectorsOnTheirInvolvedObjectAsKubectlDescribeFindsThem() {
        storeEvent("default", "a.1", "a", "uid-a", null);
        storeEvent("default", "b.1", "b", "uid-b", null);
        storeEvent(NS, "a.2", "a", "uid-other", NS);

        assertThat(client.v1().events().inAnyNamespace().withField("involvedObject.name", "a").list().getItems())
                .extracting(e -> e.getMetadata().getName()).containsExactlyInAnyOrder("a.1", "a.2");
        assertThat(client.v1().events().inAnyNamespace().withField("involvedObject.name", "a")
                .withField("involvedObject.uid", "uid-a").list().getItems())
                .extracting(e -> e.getMetadata().getName()).containsExactly("a.1");
        assertThat(client.v1().events().inNamespace("default").withoutField("involvedObject.name", "a").list().getItems())
                .extracting(e -> e.getMetadata().getName()).containsExactly("b.1");
        // what the mock itself knows still works beside them
        assertThat(client.v1().events().inAnyNamespace().withField("involvedObject.name", "a")
                .withField("metadata.name", "a.2").list().getItems())
                .extracting(e -> e.getMetadata().getName()).containsExactly("a.2");
    }

    private void storeEvent(String namespace, String name, String involved, String uid, String involvedNamespace) {
        client.v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withKind("ManagementBackup").withName(involved).withUid(uid)
                .withNamespace(involvedNamespace).endInvolvedObject()
                .withReason("R").withMessage("m").withType("Normal").build()).create();
    }

    // 2. object size

    @Test
    void createOverEtcdsRequestLimitFailsAsEtcdFails() {
        Answer answer = send("POST", "/apis/velero.io/v1/namespaces/kcm-system/backups", backup("big", 30_000));

        assertThat(answer.code()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo(real("backup-over-etcd-request-limit"));
        assertThat(send("GET", "/apis/velero.io/v1/namespaces/kcm-system/backups/big", null).code()).isEqualTo(404);
    }

    @Test
    void patchThatGrowsAnObjectOverTheLimitFails() {
        assertThat(send("POST", "/apis/velero.io/v1/namespaces/kcm-system/backups", backup("grows", 10)).code()).isEqualTo(201);
        String filler = "x".repeat(StrictApiServer.MAX_OBJECT_BYTES);

        Answer answer = patch("/apis/velero.io/v1/namespaces/kcm-system/backups/grows",
                "{\"metadata\":{\"annotations\":{\"filler\":\"" + filler + "\"}}}");

        assertThat(answer.code()).isEqualTo(500);
    }

    @Test
    void writeJustUnderTheLimitIsStored() {
        assertThat(send("POST", "/apis/velero.io/v1/namespaces/kcm-system/backups", backup("fits", 15_000)).code())
                .isEqualTo(201);
    }

    // 3. status subresources

    @Test
    void statusOfABackupStorageLocationIsNotFoundAsOnARealServer() {
        createBsl();

        Answer answer = patch(BSL + "/aws-s3/status", "{\"status\":{\"phase\":\"Available\"}}");

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo(real("bsl-status-subresource-absent"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "backups                | Backup                | {}                                                       | New",
            "restores               | Restore               | {}                                                       | New",
            "backupstoragelocations | BackupStorageLocation | {\"provider\":\"aws\",\"objectStorage\":{\"bucket\":\"b\"}} | Available",
            "deletebackuprequests   | DeleteBackupRequest   | {\"backupName\":\"b\"}                                   | New",
    })
    void veleroKindsHaveNoStatusSubresourceButKeepTheStatusWrittenThroughTheObject(String plural, String kind, String spec,
            String phase) {
        String path = "/apis/velero.io/v1/namespaces/kcm-system/" + plural;
        String object = "{\"apiVersion\":\"velero.io/v1\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"o\"},"
                + "\"spec\":" + spec + ",\"status\":{\"phase\":\"" + phase + "\"}}";
        assertThat(send("POST", path, object).code()).isEqualTo(201);

        assertThat(send("PUT", path + "/o/status", object).code()).isEqualTo(404);
        assertThat(send("GET", path + "/o", null).body().path("status").path("phase").asText()).isEqualTo(phase);
    }

    @Test
    void createOfAKindWithAStatusSubresourceDropsTheStatus() {
        Answer created = send("POST", WIDGETS, widget("w", 1, "{\"phase\":\"Done\"}"));

        assertThat(created.body().has("status")).isFalse();
    }

    @Test
    void updateAndPatchOfTheMainResourceKeepTheStoredStatus() {
        send("POST", WIDGETS, widget("w", 1, null));
        assertThat(send("PUT", WIDGETS + "/w/status", widget("w", 1, "{\"phase\":\"Ready\"}")).code()).isEqualTo(200);

        Answer put = send("PUT", WIDGETS + "/w", widget("w", 2, "{\"phase\":\"Forged\"}"));
        Answer patched = patch(WIDGETS + "/w", "{\"spec\":{\"size\":3},\"status\":{\"phase\":\"Forged\"}}");

        assertThat(put.body().path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(put.body().path("spec").path("size").asInt()).isEqualTo(2);
        assertThat(patched.body().path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(patched.body().path("spec").path("size").asInt()).isEqualTo(3);
    }

    @Test
    void aStatusWriteIsValidatedWithTheWholeObjectAsOnAServerWithoutRatcheting() {
        // kube-apiserver 1.26 validates the whole object on a status write: a spec value a tightened CRD no longer allows
        // fails every status write, and a status value it no longer allows fails every one that keeps it
        send("POST", WIDGETS, widget("w", 9, null));
        CustomResourceDefinition tightened = client.getKubernetesSerialization().unmarshal(WIDGET_CRD
                .replace("minimum: 1, maximum: 10", "minimum: 1, maximum: 5"), CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(tightened).update();

        Answer refused = patch(WIDGETS + "/w/status", "{\"status\":{\"phase\":\"Ready\"}}");

        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec.size");
    }

    @Test
    void statusWriteChangesNothingButTheStatus() {
        send("POST", WIDGETS, widget("w", 1, null));
        ObjectNode changed = (ObjectNode) read(widget("w", 9, "{\"phase\":\"Ready\"}"));
        ((ObjectNode) changed.get("metadata")).putObject("labels").put("changed", "yes");

        Answer written = send("PUT", WIDGETS + "/w/status", changed.toString());
        Answer patched = patch(WIDGETS + "/w/status", "{\"spec\":{\"size\":8},\"status\":{\"phase\":\"Patched\"}}");

        assertThat(written.body().path("status").path("phase").asText()).isEqualTo("Ready");
        assertThat(written.body().path("spec").path("size").asInt()).isEqualTo(1);
        assertThat(written.body().path("metadata").has("labels")).isFalse();
        assertThat(patched.body().path("status").path("phase").asText()).isEqualTo("Patched");
        assertThat(patched.body().path("spec").path("size").asInt()).isEqualTo(1);
        assertThat(patched.body().path("metadata").path("generation").asInt()).isEqualTo(1);
    }

    // 4. schema validation and pruning

    @Test
    void clusterTemplateWithoutTheRequiredIntervalIsRefusedAsARealServerRefusesIt() {
        Answer answer = send("POST", "/apis/k0rdent.mirantis.com/v1beta1/namespaces/kcm-system/clustertemplates", """
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ClusterTemplate","metadata":{"name":"bad"},
                 "spec":{"helm":{"chartSpec":{"chart":"c","sourceRef":{"kind":"HelmRepository","name":"r"}}}}}""");

        assertThat(answer.code()).isEqualTo(422);
        assertThat(answer.body()).isEqualTo(real("clustertemplate-schema-invalid"));
    }

    @Test
    void managementBackupWithFieldsOfTheWrongTypeIsRefusedAsARealServerRefusesIt() {
        Answer answer = send("POST", "/apis/k0rdent.mirantis.com/v1beta1/managementbackups", """
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"wrongtype"},
                 "spec":{"schedule":5,"suspend":"yes"}}""");

        assertThat(answer.code()).isEqualTo(422);
        assertThat(answer.body()).isEqualTo(real("managementbackup-wrong-type"));
    }

    @Test
    void anIntegerFormatIsNotEnforcedButAMaximumIsAsOnARealServer() {
        client.apiextensions().v1().customResourceDefinitions().resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: fmts.probe.example.com}
                spec:
                  group: probe.example.com
                  scope: Cluster
                  names: {kind: Fmt, plural: fmts, singular: fmt, listKind: FmtList}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              a: {type: integer, format: int32}
                              b: {type: integer, maximum: 2147483647}
                """, CustomResourceDefinition.class)).create();
        String fmt = "{\"apiVersion\":\"probe.example.com/v1\",\"kind\":\"Fmt\",\"metadata\":{\"name\":\"%s\"},\"spec\":%s}";

        Answer stored = send("POST", "/apis/probe.example.com/v1/fmts",
                fmt.formatted("crd-integer-format-int32-not-enforced", "{\"a\":1099511627776}"));
        Answer refused = send("POST", "/apis/probe.example.com/v1/fmts",
                fmt.formatted("crd-integer-maximum-enforced", "{\"b\":1099511627776}"));

        assertThat(stored.code()).isEqualTo(201);
        assertThat(stored.body().path("spec")).isEqualTo(real("crd-integer-format-int32-not-enforced").path("spec"));
        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.body()).isEqualTo(real("crd-integer-maximum-enforced"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                      | spec.size  | FieldValueRequired     | Required value",
            "{\"size\":0}                            | spec.size  | FieldValueInvalid      | Invalid value: 0: spec.size in body should be greater than or equal to 1",
            "{\"size\":11}                           | spec.size  | FieldValueInvalid      | Invalid value: 11: spec.size in body should be less than or equal to 10",
            "{\"size\":1.5}                          | spec.size  | FieldValueTypeInvalid  | Invalid value: \"number\": spec.size in body must be of type integer: \"number\"",
            "{\"size\":1,\"color\":\"green\"}        | spec.color | FieldValueNotSupported | Unsupported value: \"green\": supported values: \"red\", \"blue\"",
            "{\"size\":1,\"name\":\"abcdef\"}        | spec.name  | FieldValueTooLong      | Too long: may not be longer than 5",
            "{\"size\":1,\"name\":\"a\"}             | spec.name  | FieldValueInvalid      | Invalid value: \"a\": spec.name in body should be at least 2 chars long",
            "{\"size\":1,\"name\":\"AB\"}            | spec.name  | FieldValueInvalid      | Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'",
            "{\"size\":1,\"tags\":[]}                | spec.tags  | FieldValueInvalid      | Invalid value: 0: spec.tags in body should have at least 1 items",
            "{\"size\":1,\"tags\":[\"a\",\"b\",\"c\"]} | spec.tags | FieldValueTooMany     | Too many: 3: must have at most 2 items",
            "{\"size\":1,\"tags\":[1]}               | spec.tags[0] | FieldValueTypeInvalid | Invalid value: \"integer\": spec.tags[0] in body must be of type string: \"integer\"",
            "{\"size\":1,\"port\":true}              | spec.port  | FieldValueTypeInvalid  | Invalid value: \"boolean\": spec.port in body must be of type integer or string: \"boolean\"",
            "{\"size\":1,\"labels\":{\"a\":1}}       | spec.labels.a | FieldValueTypeInvalid | Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\"",
            "{\"size\":1,\"nested\":{\"enabled\":\"y\"}} | spec.nested.enabled | FieldValueTypeInvalid | Invalid value: \"string\": spec.nested.enabled in body must be of type boolean: \"string\"",
    })
    void customObjectsAreValidatedAgainstTheirSchema(String spec, String field, String reason, String message) {
        Answer answer = send("POST", WIDGETS, "{\"apiVersion\":\"strict.test/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
                + "\"spec\":" + spec + "}");

        assertThat(answer.code()).isEqualTo(422);
        assertThat(answer.body().path("reason").asText()).isEqualTo("Invalid");
        JsonNode cause = answer.body().path("details").path("causes").get(0);
        assertThat(List.of(cause.path("field").asText(), cause.path("reason").asText(), cause.path("message").asText()))
                .containsExactly(field, reason, message);
        assertThat(answer.body().path("message").asText())
                .isEqualTo("Widget.strict.test \"w\" is invalid: " + field + ": " + message);
    }

    @Test
    void unknownFieldsArePrunedAsAStructuralSchemaPrunesThem() {
        Answer answer = send("POST", WIDGETS, """
                {"apiVersion":"strict.test/v1","kind":"Widget","metadata":{"name":"w","bogus":1,"labels":{"a":"b"}},
                 "spec":{"size":1,"unknown":1,"nested":{"enabled":true,"unknown":2},"extra":{"any":{"thing":3}},
                         "port":"http","labels":{"free":"form"},
                         "template":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t","bogus":4},"data":{"k":"v"}}},
                 "top":"level"}""");

        assertThat(answer.code()).isEqualTo(201);
        JsonNode spec = answer.body().path("spec");
        assertThat(spec.has("unknown")).isFalse();
        assertThat(spec.path("nested").has("unknown")).isFalse();
        assertThat(spec.path("nested").path("enabled").asBoolean()).isTrue();
        assertThat(spec.path("extra").path("any").path("thing").asInt()).isEqualTo(3);
        assertThat(spec.path("port").asText()).isEqualTo("http");
        assertThat(spec.path("labels").path("free").asText()).isEqualTo("form");
        assertThat(spec.path("template").path("data").path("k").asText()).isEqualTo("v");
        assertThat(spec.path("template").path("metadata").has("bogus")).isFalse();
        assertThat(answer.body().has("top")).isFalse();
        assertThat(answer.body().path("metadata").has("bogus")).isFalse();
        assertThat(answer.body().path("metadata").path("labels").path("a").asText()).isEqualTo("b");
    }

    @Test
    void updatesAndPatchResultsAreValidatedToo() {
        send("POST", WIDGETS, widget("w", 1, null));

        assertThat(send("PUT", WIDGETS + "/w", widget("w", 0, null)).code()).isEqualTo(422);
        assertThat(patch(WIDGETS + "/w", "{\"spec\":{\"size\":null}}").code()).isEqualTo(422);
        assertThat(send("GET", WIDGETS + "/w", null).body().path("spec").path("size").asInt()).isEqualTo(1);
    }

    // 5. optimistic concurrency

    @Test
    void updateAtAStaleResourceVersionIsAConflictAsOnARealServer() {
        JsonNode created = createBsl();
        ObjectNode stale = created.deepCopy();
        assertThat(patch(BSL + "/aws-s3", "{\"spec\":{\"default\":false}}").code()).isEqualTo(200);

        Answer put = send("PUT", BSL + "/aws-s3", stale.toString());
        Answer patched = patch(BSL + "/aws-s3", "{\"metadata\":{\"resourceVersion\":\""
                + created.path("metadata").path("resourceVersion").asText() + "\"},\"spec\":{\"default\":true}}");

        assertThat(put.code()).isEqualTo(409);
        assertThat(put.body()).isEqualTo(real("update-at-stale-resourceversion"));
        assertThat(patched.code()).isEqualTo(409);
    }

    // 6. managedFields

    @Test
    void storedObjectsCarryAManagedFieldsEntryPerWriter() {
        JsonNode created = createBsl();
        patch(BSL + "/aws-s3?fieldManager=velero", "{\"status\":{\"phase\":\"Available\"}}");

        JsonNode entries = send("GET", BSL + "/aws-s3", null).body().path("metadata").path("managedFields");

        JsonNode real = real("backupstoragelocation-as-returned").path("metadata").path("managedFields").get(0);
        JsonNode first = created.path("metadata").path("managedFields").get(0);
        assertThat(fieldNames(first)).isEqualTo(fieldNames(real));
        assertThat(first.path("manager").asText()).isEqualTo("Java-http-client");
        assertThat(first.path("operation").asText()).isEqualTo("Update");
        assertThat(first.path("apiVersion").asText()).isEqualTo("velero.io/v1");
        assertThat(first.path("fieldsV1").path("f:spec").has("f:provider")).isTrue();
        assertThat(first.path("fieldsV1").path("f:spec").path("f:objectStorage").has("f:bucket")).isTrue();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).path("manager").asText()).isEqualTo("velero");
        assertThat(entries.get(1).path("fieldsV1").path("f:status").has("f:phase")).isTrue();
        assertThat(entries.get(1).path("fieldsV1").has("f:spec")).isFalse();
    }

    @Test
    void statusWriteIsRecordedAgainstTheStatusSubresource() {
        send("POST", WIDGETS, widget("w", 1, null));

        Answer written = send("PUT", WIDGETS + "/w/status", widget("w", 1, "{\"phase\":\"Ready\"}"));

        JsonNode entries = written.body().path("metadata").path("managedFields");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).path("subresource").asText()).isEqualTo("status");
        assertThat(entries.get(0).path("fieldsV1").has("f:status")).isFalse();
    }

    @Test
    void anUpdateThatLeavesManagedFieldsOutKeepsTheStoredOnes() {
        // the operator reads objects without managedFields and writes them back so (UnreadFields, LeanItemStore)
        JsonNode created = createBsl();
        ObjectNode read = (ObjectNode) created.deepCopy();
        ((ObjectNode) read.get("metadata")).remove("managedFields");
        ((ObjectNode) read.get("spec")).put("backupSyncPeriod", "2m");

        Answer updated = send("PUT", BSL + "/aws-s3?fieldManager=kcm-backup-operator", read.toString());

        assertThat(updated.code()).isEqualTo(200);
        JsonNode entries = updated.body().path("metadata").path("managedFields");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("manager").asText()).isEqualTo("Java-http-client");
        assertThat(entries.get(0).path("fieldsV1").path("f:spec").has("f:provider")).isTrue();
        assertThat(entries.get(1).path("manager").asText()).isEqualTo("kcm-backup-operator");
        assertThat(entries.get(1).path("fieldsV1").path("f:spec").has("f:backupSyncPeriod")).isTrue();
    }

    @Test
    void updateThatChangesNothingKeepsTheResourceVersion() {
        JsonNode created = createBsl();

        Answer again = send("PUT", BSL + "/aws-s3", created.toString());

        assertThat(again.code()).isEqualTo(200);
        assertThat(again.body().path("metadata").path("resourceVersion")).isEqualTo(created.path("metadata").path("resourceVersion"));
    }

    // 7. lists in pages

    @Test
    void aListWithALimitIsServedInPagesOfOneSnapshot() {
        for (int i = 0; i < 5; i++) {
            assertThat(send("POST", WIDGETS, widget("w" + i, 1, null)).code()).isEqualTo(201);
        }

        Answer first = send("GET", WIDGETS + "?limit=2", null);
        assertThat(first.code()).isEqualTo(200);
        assertThat(names(first)).containsExactly("w0", "w1");
        assertThat(first.body().path("metadata").path("remainingItemCount").asInt()).isEqualTo(3);
        String token = first.body().path("metadata").path("continue").asText();
        // written after the first page: the pages that follow are of the list as it was
        assertThat(send("POST", WIDGETS, widget("w5", 1, null)).code()).isEqualTo(201);
        Answer second = send("GET", WIDGETS + "?limit=2&continue=" + token, null);
        assertThat(names(second)).containsExactly("w2", "w3");
        Answer last = send("GET", WIDGETS + "?limit=2&continue=" + second.body().path("metadata").path("continue").asText(), null);
        assertThat(names(last)).containsExactly("w4");
        assertThat(last.body().path("metadata").has("continue")).isFalse();
        // an informer follows the tokens
        var informer = client.genericKubernetesResources("strict.test/v1", "Widget").inNamespace(NS).withLimit(4L).inform();
        try {
            assertThat(informer.getStore().list()).hasSize(6);
        } finally {
            informer.close();
        }
    }

    @Test
    void aContinueTokenOfAListNoLongerHeldIsGone() {
        for (int i = 0; i < 3; i++) {
            send("POST", WIDGETS, widget("w" + i, 1, null));
        }
        String token = send("GET", WIDGETS + "?limit=1", null).body().path("metadata").path("continue").asText();
        send("GET", WIDGETS + "?limit=1&continue=" + token, null);
        String next = send("GET", WIDGETS + "?limit=1&continue=" + token, null).body().path("metadata").path("continue").asText();
        send("GET", WIDGETS + "?limit=1&continue=" + next, null);

        Answer gone = send("GET", WIDGETS + "?limit=1&continue=" + next, null);
        assertThat(gone.code()).isEqualTo(410);
        assertThat(gone.body().path("reason").asText()).isEqualTo("Expired");
        assertThat(send("GET", WIDGETS + "?limit=1&continue=nonsense", null).code()).isEqualTo(400);
    }

    private static List<String> names(Answer list) {
        List<String> names = new java.util.ArrayList<>();
        list.body().path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
        return names;
    }

    private JsonNode createBsl() {
        Answer answer = send("POST", BSL, """
                {"apiVersion":"velero.io/v1","kind":"BackupStorageLocation","metadata":{"name":"aws-s3","namespace":"kcm-system"},
                 "spec":{"backupSyncPeriod":"1m","config":{"region":"r"},"credential":{"key":"cloud","name":"cloud-credentials"},
                         "default":true,"objectStorage":{"bucket":"b"},"provider":"aws"}}""");
        assertThat(answer.code()).isEqualTo(201);
        return answer.body();
    }

    private static String event(String name, String involvedNamespace) {
        return """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"%s"},
                 "involvedObject":{"kind":"ManagementBackup","name":"x","apiVersion":"k0rdent.mirantis.com/v1beta1"%s},
                 "reason":"R","message":"m","source":{"component":"c"},"firstTimestamp":"2026-12-02T00:00:00Z",
                 "lastTimestamp":"2026-12-02T00:00:00Z","count":1,"type":"Normal"}"""
                .formatted(name, involvedNamespace == null ? "" : ",\"namespace\":\"" + involvedNamespace + "\"");
    }

    private static String backup(String name, int selectors) {
        String orSelectors = IntStream.range(0, selectors)
                .mapToObj(i -> "{\"matchLabels\":{\"k0rdent.mirantis.com/cluster\":\"cluster-" + i + "\"}}")
                .collect(Collectors.joining(","));
        return "{\"apiVersion\":\"velero.io/v1\",\"kind\":\"Backup\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"orLabelSelectors\":[" + orSelectors + "]}}";
    }

    private static String widget(String name, int size, String status) {
        return "{\"apiVersion\":\"strict.test/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"size\":" + size + "}" + (status == null ? "" : ",\"status\":" + status) + "}";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    private Answer patch(String path, String body) {
        return send("PATCH", path, body);
    }

    private Answer send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : read(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body a real kube-apiserver answered, from real-api/responses.json. */
    private static JsonNode real(String name) {
        try (InputStream in = StrictApiServerTest.class.getResourceAsStream("/real-api/responses.json")) {
            return JSON.readTree(in).path(name).path("body");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
