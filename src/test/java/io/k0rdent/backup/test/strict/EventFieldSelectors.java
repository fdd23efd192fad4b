package io.k0rdent.backup.test.strict;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Field selectors on an event's {@code involvedObject}, which a real API server answers and {@code kubectl describe}
 * uses to find an object's events in every namespace; the mock knows only {@code metadata.name} and
 * {@code metadata.namespace} and answers them with nothing. A list of events with such terms is passed on without them,
 * and its answer filtered by them.
 */
final class EventFieldSelectors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENTS_LIST = Pattern.compile("^/api/v1/(namespaces/[^/]+/)?events$");
    private static final String PARAMETER = "fieldSelector=";
    private static final String INVOLVED = "involvedObject.";

    /** One {@code involvedObject.FIELD=VALUE} (or {@code ==}, {@code !=}) term. */
    record Term(String field, String value, boolean equal) {
        boolean matches(JsonNode event) {
            JsonNode found = event.path("involvedObject").path(field);
            String actual = found.isMissingNode() || found.isNull() ? "" : found.asText();
            return actual.equals(value) == equal;
        }
    }

    /** A list request split into what the mock answers and the terms applied to its answer. */
    record Split(RecordedRequest passedOn, List<Term> terms) {
    }

    private EventFieldSelectors() {
    }

    /** The split of {@code request}, when it lists events with terms on {@code involvedObject}. */
    static Optional<Split> split(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        if (request.method() != HttpMethod.GET || query < 0 || !EVENTS_LIST.matcher(path.substring(0, query)).matches()) {
            return Optional.empty();
        }
        List<String> parameters = new ArrayList<>();
        List<Term> terms = new ArrayList<>();
        for (String parameter : path.substring(query + 1).split("&")) {
            if (parameter.equals("watch=true")) {
                return Optional.empty();
            }
            if (!parameter.startsWith(PARAMETER)) {
                parameters.add(parameter);
                continue;
            }
            List<String> kept = new ArrayList<>();
            for (String term : URLDecoder.decode(parameter.substring(PARAMETER.length()), StandardCharsets.UTF_8).split(",")) {
                if (term.startsWith(INVOLVED)) {
                    terms.add(term(term.substring(INVOLVED.length())));
                } else if (!term.isBlank()) {
                    kept.add(term);
                }
            }
            if (!kept.isEmpty()) {
                parameters.add(PARAMETER + URLEncoder.encode(String.join(",", kept), StandardCharsets.UTF_8));
            }
        }
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Split(ApiPath.withParameters(request, parameters), terms));
    }

    private static Term term(String text) {
        int not = text.indexOf("!=");
        if (not > 0) {
            return new Term(text.substring(0, not), text.substring(not + 2), false);
        }
        int eq = text.indexOf('=');
        String value = text.substring(eq + 1);
        return new Term(text.substring(0, eq), value.startsWith("=") ? value.substring(1) : value, true);
    }

    /** The mock's answer with only the events every term matches. */
    static MockResponse filter(MockResponse answer, List<Term> terms) {
        if (answer.code() != 200) {
            return answer;
        }
        try {
            JsonNode list = JSON.readTree(answer.getBody().readUtf8());
            ArrayNode kept = JSON.createArrayNode();
            list.path("items").forEach(event -> {
                if (terms.stream().allMatch(t -> t.matches(event))) {
                    kept.add(event);
                }
            });
            ((ObjectNode) list).set("items", kept);
            return answer.setBody(JSON.writeValueAsString(list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the mock answered a list of events with something else", e);
        }
    }
}
