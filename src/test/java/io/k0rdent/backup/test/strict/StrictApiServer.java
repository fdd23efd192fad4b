package io.k0rdent.backup.test.strict;

import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * fabric8's mock API server (CRUD mode) made to refuse what a real kube-apiserver refuses: it stays the store and the watch
 * engine, and this dispatcher, put in front of it, decides every create, update and patch of an object as the real server
 * would (see docs/development.md, "The strict test API server"). Reads (lists in pages, as the server serves them), deletes
 * and recorded expectations go to the mock.
 */
public final class StrictApiServer extends Dispatcher {

    /** etcd's default {@code --max-request-bytes}. */
    public static final int MAX_OBJECT_BYTES = 1_572_864;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/";
    private static final String JSON_PATCH = "json-patch+json";
    private static final String MERGE_PATCH = "merge-patch+json";
    private static final String STRATEGIC_MERGE_PATCH = "strategic-merge-patch+json";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Consumer<RecordedRequest> onRequest;
    private final Dispatcher delegate;
    private final KubernetesCrudDispatcher store;
    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final Lock writeLock;
    private final Clock clock;
    private final Map<String, CrdVersions> crds = new ConcurrentHashMap<>();
    /** The store's objects, indexed by name; {@link #objects} is the store's map, synchronized on itself as before. */
    private final NamedObjects named;
    private final Map<AttributeSet, String> objects;
    private final ListPages pages = new ListPages();

    private StrictApiServer(Dispatcher delegate, KubernetesCrudDispatcher store,
            Map<ServerRequest, Queue<ServerResponse>> expectations, Clock clock, Consumer<RecordedRequest> onRequest) {
        this.onRequest = onRequest;
        this.delegate = delegate;
        this.store = store;
        this.expectations = expectations;
        this.clock = clock;
        this.writeLock = ((ReadWriteLock) read(KubernetesCrudDispatcher.class, store, "lock")).writeLock();
        Map<AttributeSet, String> stored = store.getMap();
        synchronized (stored) {
            this.named = new NamedObjects(stored);
        }
        this.objects = Collections.synchronizedMap(named);
        replace(CrudDispatcher.class, store, "map", objects);
    }

    /** Puts the strict layer in front of {@code server}'s CRUD dispatcher (plain or mixed with expectations). */
    public static KubernetesMockServer install(KubernetesMockServer server) {
        return install(server, Clock.systemUTC(), request -> {
        });
    }

    /** As {@link #install(KubernetesMockServer)}, with {@code onRequest} told of every request before it is answered. */
    public static KubernetesMockServer install(KubernetesMockServer server, Consumer<RecordedRequest> onRequest) {
        return install(server, Clock.systemUTC(), onRequest);
    }

    static KubernetesMockServer install(KubernetesMockServer server, Clock clock) {
        return install(server, clock, request -> {
        });
    }

    private static KubernetesMockServer install(KubernetesMockServer server, Clock clock, Consumer<RecordedRequest> onRequest) {
        Dispatcher current = (Dispatcher) read(KubernetesMockServer.class, server, "dispatcher");
        MockWebServer web = (MockWebServer) read(DefaultMockServer.class, server, "server");
        if (read(MockWebServer.class, web, "dispatcher") instanceof StrictApiServer) {
            return server;
        }
        StrictApiServer strict;
        if (current instanceof KubernetesMixedDispatcher mixed) {
            @SuppressWarnings("unchecked")
            var responses = (Map<ServerRequest, Queue<ServerResponse>>) read(KubernetesMixedDispatcher.class, mixed, "responses");
            strict = new StrictApiServer(mixed,
                    (KubernetesCrudDispatcher) read(KubernetesMixedDispatcher.class, mixed, "kubernetesCrudDispatcher"), responses,
                    clock, onRequest);
        } else if (current instanceof KubernetesCrudDispatcher crud) {
            strict = new StrictApiServer(crud, crud, Map.of(), clock, onRequest);
        } else {
            throw new IllegalArgumentException("not a CRUD mock server: " + current);
        }
        web.setDispatcher(strict);
        return server;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        onRequest.accept(request);
        String path = request.getPath();
        if (path.startsWith("/apis/apiextensions.k8s.io/") && request.method() != HttpMethod.GET) {
            crds.clear();
        }
        var paged = ListPages.split(request);
        if (paged.isPresent() && !expected(request)) {
            return pages.answer(paged.get(), this::read);
        }
        ApiPath target = ApiPath.parse(path);
        if (target == null || !handled(request, target) || expected(request)) {
            return read(request);
        }
        writeLock.lock();
        try {
            return write(request, target);
        } catch (Refusal refusal) {
            return refusal.response();
        } finally {
            writeLock.unlock();
        }
    }

    /** A read the mock answers, with the field selectors on events it does not know applied to its answer. */
    private MockResponse read(RecordedRequest request) {
        var eventQuery = EventFieldSelectors.split(request);
        return eventQuery.isPresent() && !expected(request)
                ? EventFieldSelectors.filter(delegate.dispatch(eventQuery.get().passedOn()), eventQuery.get().terms())
                : delegate.dispatch(request);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    private static boolean handled(RecordedRequest request, ApiPath target) {
        boolean subresourceOk = target.subresource() == null || target.isStatus();
        return switch (request.method()) {
            case POST -> target.name() == null;
            case PUT -> target.name() != null && subresourceOk;
            case PATCH -> target.name() != null && subresourceOk && !contentType(request).contains("apply-patch");
            default -> false;
        };
    }

    private boolean expected(RecordedRequest request) {
        Queue<ServerResponse> queue = expectations.get(new SimpleRequest(request.method(), request.getPath()));
        return queue != null && !queue.isEmpty();
    }

    private MockResponse write(RecordedRequest request, ApiPath requested) {
        String body = request.getBody().readUtf8();
        CrdVersions.Served crd = crd(requested);
        if (requested.isStatus() && crd != null && !crd.hasStatus()) {
            throw Refusal.notFound(requested);
        }
        boolean create = request.method() == HttpMethod.POST;
        ObjectNode sent = request.method() == HttpMethod.PATCH ? null : parse(body);
        ApiPath target = create ? requested.named(nameOf(sent, requested)) : requested;
        Map.Entry<AttributeSet, String> stored = find(key(target));
        if (create && stored != null) {
            throw Refusal.alreadyExists(target, target.name());
        }
        if (!create && stored == null) {
            throw Refusal.notFound(target);
        }
        ObjectNode current = stored == null ? null : parse(stored.getValue());
        ObjectNode written = switch (request.method()) {
            case PATCH -> patched(current, body, contentType(request), crd != null);
            default -> sent;
        };
        checkUrl(target, written);
        if (current != null) {
            String basedOn = written.path("metadata").path("resourceVersion").asText("");
            if (!basedOn.isEmpty() && !basedOn.equals(current.path("metadata").path("resourceVersion").asText())) {
                throw Refusal.conflict(target);
            }
        }
        ObjectNode next = resultOf(current, written, target, crd);
        if (EventNamespaces.isEvent(target)) {
            EventNamespaces.check(target, next);
        }
        if (crd != null) {
            List<FieldError> errors = crd.schema().apply(next);
            if (!errors.isEmpty()) {
                throw Refusal.invalid(target.group(), crd.kind(), target.name(), errors);
            }
        }
        if (current != null && next.equals(current)) {
            return new MockResponse().setResponseCode(200).setBody(current.toString());
        }
        stamp(current, next, target, crd);
        ManagedFields.record(current, next, manager(request), target.apiVersion(), target.isStatus() ? "status" : null, now());
        String json = next.toString();
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_OBJECT_BYTES) {
            throw Refusal.tooLarge();
        }
        GenericKubernetesResource resource = unmarshal(json);
        if (!create && resource.isMarkedForDeletion() && resource.getFinalizers().isEmpty()) {
            store.processEvent(target.objectPath(), key(target), stored.getKey(), null, null);
        } else {
            store.processEvent(target.objectPath(), key(target), stored == null ? null : stored.getKey(), resource, json);
        }
        return new MockResponse().setResponseCode(create ? 201 : 200).setBody(json);
    }

    /** The object as the server stores it: status from the right write, server-owned metadata kept. */
    private ObjectNode resultOf(ObjectNode current, ObjectNode written, ApiPath target, CrdVersions.Served crd) {
        ObjectNode next;
        if (target.isStatus()) {
            next = current.deepCopy();
            setOrRemove(next, "status", written.get("status"));
        } else {
            next = written.deepCopy();
            if (crd != null && crd.hasStatus()) {
                setOrRemove(next, "status", current == null ? null : current.get("status"));
            }
        }
        ObjectNode metadata = next.get("metadata") instanceof ObjectNode m ? m : next.putObject("metadata");
        metadata.put("name", target.name());
        if (target.namespace() != null) {
            metadata.put("namespace", target.namespace());
        } else {
            metadata.remove("namespace");
        }
        if (current == null) {
            metadata.remove(List.of("deletionTimestamp", "managedFields", "resourceVersion", "uid", "creationTimestamp"));
            return next;
        }
        JsonNode old = current.get("metadata");
        for (String kept : List.of("uid", "creationTimestamp", "generation", "resourceVersion", "deletionTimestamp",
                "managedFields")) {
            setOrRemove(metadata, kept, old.get(kept));
        }
        return next;
    }

    /** Identity, version and generation, as set by the server on this write. */
    private void stamp(ObjectNode current, ObjectNode next, ApiPath target, CrdVersions.Served crd) {
        ObjectNode metadata = (ObjectNode) next.get("metadata");
        metadata.put("resourceVersion", String.valueOf(store.requestResourceVersion()));
        if (current == null) {
            metadata.put("uid", UUID.randomUUID().toString());
            metadata.put("creationTimestamp", now());
            metadata.put("generation", 1);
            return;
        }
        if (!target.isStatus() && !withoutMetadata(current, crd).equals(withoutMetadata(next, crd))) {
            metadata.put("generation", current.path("metadata").path("generation").asLong(0) + 1);
        }
    }

    /** What counts for the generation: everything but metadata (and status, where a subresource owns it). */
    private static ObjectNode withoutMetadata(ObjectNode object, CrdVersions.Served crd) {
        ObjectNode copy = object.deepCopy();
        copy.remove("metadata");
        if (crd == null || crd.hasStatus()) {
            copy.remove("status");
        }
        return copy;
    }

    private ObjectNode patched(ObjectNode current, String body, String contentType, boolean custom) {
        JsonNode patch;
        try {
            patch = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest(e.getOriginalMessage());
        }
        if (contentType.contains(JSON_PATCH)) {
            try {
                JsonNode result = JsonPatch.apply(patch, current);
                if (result instanceof ObjectNode object) {
                    return object;
                }
            } catch (RuntimeException e) {
                throw Refusal.invalidPatch(e.getMessage());
            }
            throw Refusal.invalidPatch("the patch does not leave an object");
        }
        if (contentType.contains(MERGE_PATCH) || !custom && contentType.contains(STRATEGIC_MERGE_PATCH)) {
            JsonNode result = mergePatch(current.deepCopy(), patch);
            if (result instanceof ObjectNode object) {
                return object;
            }
            throw Refusal.invalidPatch("the patch does not leave an object");
        }
        throw Refusal.unsupportedMediaType(contentType);
    }

    /** RFC 7386: a null removes, an object merges, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                JsonNode existing = result.get(field.getKey());
                result.set(field.getKey(), mergePatch(existing == null ? JsonNodeFactory.instance.nullNode() : existing,
                        field.getValue()));
            }
        }
        return result;
    }

    private static void checkUrl(ApiPath target, ObjectNode written) {
        String name = written.path("metadata").path("name").asText("");
        if (!name.isEmpty() && !name.equals(target.name())) {
            throw Refusal.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + target.name() + ")");
        }
        String namespace = written.path("metadata").path("namespace").asText("");
        if (!namespace.isEmpty() && target.namespace() != null && !namespace.equals(target.namespace())) {
            throw Refusal.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static String nameOf(ObjectNode sent, ApiPath target) {
        JsonNode metadata = sent.path("metadata");
        String name = metadata.path("name").asText("");
        if (!name.isEmpty()) {
            return name;
        }
        String prefix = metadata.path("generateName").asText("");
        if (prefix.isEmpty()) {
            throw Refusal.invalid(target.group(), sent.path("kind").asText(), "",
                    List.of(FieldError.required("metadata.name")));
        }
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append("bcdfghjklmnpqrstvwxz2456789".charAt(RANDOM.nextInt(27)));
        }
        return prefix + suffix;
    }

    private CrdVersions.Served crd(ApiPath target) {
        if (target.isCore()) {
            return null;
        }
        CrdVersions versions = crds.computeIfAbsent(target.qualifiedResource(), name -> {
            Map.Entry<AttributeSet, String> entry = find(store.getKey(CRD_PATH + name));
            return entry == null ? CrdVersions.NONE : CrdVersions.of(parse(entry.getValue()));
        });
        return versions.served(target.version());
    }

    /** The stored object {@code query} names, looked up by name (fabric8's {@code findResource} scans them all). */
    private Map.Entry<AttributeSet, String> find(AttributeSet query) {
        synchronized (objects) {
            return named.find(query, store::findResource);
        }
    }

    private AttributeSet key(ApiPath target) {
        return store.getKey(target.collectionPath()).add(new Attribute(KubernetesAttributesExtractor.NAME, target.name()));
    }

    /** The field manager: {@code ?fieldManager=}, else the User-Agent up to its first slash, as the API server derives it. */
    private static String manager(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        if (query >= 0) {
            for (String parameter : path.substring(query + 1).split("&")) {
                if (parameter.startsWith("fieldManager=")) {
                    return URLDecoder.decode(parameter.substring("fieldManager=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        String agent = request.getHeader("User-Agent");
        return agent == null ? "unknown" : agent.split("/", 2)[0];
    }

    private String now() {
        return ZonedDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_INSTANT);
    }

    private static String contentType(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return type == null ? "" : type;
    }

    private static ObjectNode parse(String json) {
        try {
            if (MAPPER.readTree(json) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest(e.getOriginalMessage());
        }
        throw Refusal.badRequest("the body of the request is not an object");
    }

    private static GenericKubernetesResource unmarshal(String json) {
        try {
            return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().readValue(json, GenericKubernetesResource.class);
        } catch (JsonProcessingException e) {
            throw Refusal.badRequest(e.getOriginalMessage());
        }
    }

    private static void setOrRemove(ObjectNode node, String field, JsonNode value) {
        if (value == null || value.isMissingNode()) {
            node.remove(field);
        } else {
            node.set(field, value.deepCopy());
        }
    }

    private static void replace(Class<?> owner, Object instance, String field, Object value) {
        try {
            field(owner, field).set(instance, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(Class<?> owner, Object instance, String field) {
        try {
            return field(owner, field).get(instance);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("fabric8's mock server changed: no " + owner.getSimpleName() + "." + name, e);
        }
    }
}
