package io.k0rdent.backup.test.strict;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Lists in pages, as a real API server serves them and the mock does not (it answers every list whole): a list with
 * {@code limit=N} gets at most N items and, when more remain, a {@code metadata.continue} token; a list with
 * {@code continue=TOKEN} gets the next page of the same snapshot (as etcd serves it at the first page's revision). A
 * token whose snapshot is gone is answered 410 Gone, as the server answers a token older than etcd's compaction.
 */
final class ListPages {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Snapshots of lists still being paged through; a few, as clients page through one list at a time. */
    private static final int SNAPSHOTS = 16;

    /** A list request: what the mock is asked (without the paging parameters), and the paging asked for. */
    record Paged(RecordedRequest passedOn, int limit, String continued) {
    }

    /** A list as the first page found it: everything but the items, and the items. */
    private record Snapshot(ObjectNode list, ArrayNode items) {
    }

    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
            return size() > SNAPSHOTS;
        }
    };

    /** The paging of {@code request}, when it lists a collection with {@code limit} or {@code continue}. */
    static Optional<Paged> split(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        if (request.method() != HttpMethod.GET || query < 0) {
            return Optional.empty();
        }
        ApiPath target = ApiPath.parse(path);
        if (target == null || target.name() != null) {
            return Optional.empty();
        }
        List<String> parameters = new ArrayList<>();
        int limit = 0;
        String continued = null;
        for (String parameter : path.substring(query + 1).split("&")) {
            if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
                return Optional.empty();
            } else if (parameter.startsWith("limit=")) {
                limit = Integer.parseInt(parameter.substring("limit=".length()));
            } else if (parameter.startsWith("continue=")) {
                continued = URLDecoder.decode(parameter.substring("continue=".length()), StandardCharsets.UTF_8);
            } else {
                parameters.add(parameter);
            }
        }
        if (limit <= 0 && (continued == null || continued.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Paged(ApiPath.withParameters(request, parameters), limit,
                continued == null || continued.isEmpty() ? null : continued));
    }

    /** The page {@code paged} asks for, of the whole list {@code whole} answers. */
    MockResponse answer(Paged paged, Function<RecordedRequest, MockResponse> whole) {
        String id;
        int offset;
        Snapshot snapshot;
        if (paged.continued() != null) {
            String[] token = decode(paged.continued());
            if (token == null) {
                return Refusal.badRequest("continue key is not valid: " + paged.continued()).response();
            }
            id = token[0];
            offset = Integer.parseInt(token[1]);
            synchronized (snapshots) {
                snapshot = snapshots.get(id);
            }
            if (snapshot == null) {
                return Refusal.expired().response();
            }
        } else {
            MockResponse answer = whole.apply(paged.passedOn());
            if (answer.code() != 200) {
                return answer;
            }
            try {
                ObjectNode list = (ObjectNode) JSON.readTree(answer.getBody().readUtf8());
                ArrayNode items = list.path("items") instanceof ArrayNode array ? array : JSON.createArrayNode();
                list.remove("items");
                snapshot = new Snapshot(list, items);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the mock answered a list with something else", e);
            }
            id = UUID.randomUUID().toString();
            offset = 0;
        }
        int size = snapshot.items().size();
        int end = paged.limit() <= 0 ? size : (int) Math.min(size, (long) offset + paged.limit());
        ObjectNode page = snapshot.list().deepCopy();
        ArrayNode items = page.putArray("items");
        for (int i = offset; i < end; i++) {
            items.add(snapshot.items().get(i));
        }
        ObjectNode metadata = page.get("metadata") instanceof ObjectNode m ? m : page.putObject("metadata");
        synchronized (snapshots) {
            if (end < size) {
                snapshots.put(id, snapshot);
                metadata.put("continue", encode(id, end));
                metadata.put("remainingItemCount", size - end);
            } else {
                snapshots.remove(id);
                metadata.remove(List.of("continue", "remainingItemCount"));
            }
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(page.toString());
    }

    private static String encode(String id, int offset) {
        return Base64.getEncoder().encodeToString((id + "/" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String token) {
        try {
            String[] parts = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).split("/");
            return parts.length == 2 && parts[1].matches("\\d+") ? parts : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
