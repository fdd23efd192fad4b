package io.k0rdent.backup.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.CreatorProperty;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.k0rdent.backup.api.PartlyRead;
import io.k0rdent.backup.api.ReadProblem;

/**
 * Reads every Kubernetes object whole except the fields its model cannot hold, instead of failing the whole read.
 * <p>
 * The API server stores what a CRD's schema allows, and the schema can allow more than a Java field holds: an integer past
 * {@code Integer.MAX_VALUE} where the schema has no {@code maximum}, an integral float past {@code Long.MAX_VALUE}, a
 * value of a newer version of the kind (a new enum value). Jackson fails the whole read on such a field, and a fabric8
 * informer that cannot read one object of a watch event or of a list page stops its watch for every object of the kind
 * and, at start-up, fails to start. With this module the field is left unset, the parser skips to the end of its value,
 * and the rest of the object is read; the object's {@link ReadProblem}s go to the {@link Sink} and, for this operator's
 * own kinds ({@link PartlyRead}), onto the object itself.
 * <p>
 * Only fields are forgiven, and only inside a Kubernetes object being read: a document that is not JSON, or a value read
 * outside any object (a plain {@code mapper.readValue} of a spec), fails as before.
 */
public final class TolerantReading extends SimpleModule {

    /** Most problems kept per object: one object's list stays readable in a message and bounded in memory. */
    static final int MAX_PROBLEMS = 10;
    /** Longest reason kept, in characters. */
    static final int MAX_REASON = 200;
    /** Deepest document read or written: the API server's 10,000 levels, and the list or watch event around them. */
    static final int MAX_DEPTH = 10_100;
    /** Longest field name read: the largest object etcd stores. */
    static final int MAX_NAME_LENGTH = 1_572_864;

    /** Hears of every object read with problems, as often as it is read (each list and each watch event). */
    @FunctionalInterface
    public interface Sink {
        void unreadable(HasMetadata object, List<ReadProblem> problems);
    }

    /**
     * How Jackson says a number does not fit: streamed ({@code Numeric value (X) out of range of int (...)}), through a
     * tree ({@code ... Overflow: numeric value (X) out of range of 'java.lang.Integer' ...}), or past {@code long}
     * through a tree ({@code Cannot deserialize value of type 'java.lang.Integer' from String "X": not a valid ...}).
     */
    private static final String TYPES = "(?<type>int|long|java\\.lang\\.Integer|java\\.lang\\.Long)";
    private static final List<Pattern> OUT_OF_RANGE = List.of(
            Pattern.compile("(?i)numeric value \\((?<value>[^)]+)\\) out of range of '?" + TYPES),
            Pattern.compile("of type '" + TYPES + "' from String \"(?<value>-?[0-9][0-9.eE+-]*)\": not a valid"));

    /** The problems of the object being read, found by the fields' wrappers through the deserialization context. */
    private static final Object PROBLEMS = new Object();

    private TolerantReading(Sink sink) {
        super("kcm-backup-tolerant-reading");
        setDeserializerModifier(new Modifier(sink));
    }

    /**
     * Makes {@code mapper} read tolerantly: this module, and fields of no model ignored (a newer version of a kind adds
     * fields; fabric8's own model classes keep them aside, this operator's hand-written ones have no use for them).
     */
    public static ObjectMapper install(ObjectMapper mapper, Sink sink) {
        // Jackson's defaults refuse documents the API server stores: it decodes JSON up to 10,000 levels deep (the
        // schema-free parts of an object, such as a ClusterDeployment's spec.config, can nest that far), and an object
        // of up to etcd's 1.5 MB may have a field name that long. The list or watch event around an object adds levels
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .maxNameLength(MAX_NAME_LENGTH).build());
        mapper.getFactory().setStreamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        return mapper.registerModule(new TolerantReading(sink)).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static final class Modifier extends BeanDeserializerModifier {

        private final Sink sink;

        Modifier(Sink sink) {
            this.sink = sink;
        }

        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                BeanDeserializerBuilder builder) {
            List<SettableBeanProperty> properties = new ArrayList<>();
            for (Iterator<SettableBeanProperty> it = builder.getProperties(); it.hasNext();) {
                properties.add(it.next());
            }
            for (SettableBeanProperty property : properties) {
                // a constructor's arguments are buffered and set together: not one field at a time
                if (!(property instanceof CreatorProperty) && !(property instanceof ForgivingProperty)) {
                    builder.addOrReplaceProperty(new ForgivingProperty(property), true);
                }
            }
            return builder;
        }

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            if (HasMetadata.class.isAssignableFrom(description.getBeanClass()) && deserializer instanceof BeanDeserializerBase) {
                return new ObjectReader(deserializer, sink);
            }
            return deserializer;
        }
    }

    /** Reads one Kubernetes object, collecting the problems of its fields. */
    private static final class ObjectReader extends DelegatingDeserializer {

        private final Sink sink;

        ObjectReader(JsonDeserializer<?> delegate, Sink sink) {
            super(delegate);
            this.sink = sink;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ObjectReader(delegate, sink);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object outer = ctxt.getAttribute(PROBLEMS);
            // at the object's START_OBJECT or first FIELD_NAME, the context is the object's own
            Problems problems = new Problems(p.getParsingContext());
            ctxt.setAttribute(PROBLEMS, problems);
            Object read;
            try {
                read = _delegatee.deserialize(p, ctxt);
            } finally {
                ctxt.setAttribute(PROBLEMS, outer);
            }
            if (!problems.found.isEmpty()) {
                List<ReadProblem> found = List.copyOf(problems.found);
                if (read instanceof PartlyRead partlyRead) {
                    partlyRead.readProblems(found);
                }
                if (read instanceof HasMetadata object) {
                    sink.unreadable(object, found);
                }
            }
            return read;
        }
    }

    private static final class Problems {

        final JsonStreamContext object;
        final List<ReadProblem> found = new ArrayList<>(1);

        Problems(JsonStreamContext object) {
            this.object = object;
        }

        void add(ReadProblem problem) {
            if (found.size() < MAX_PROBLEMS) {
                found.add(problem);
            }
        }
    }

    /** A field that, inside a Kubernetes object, is left unset when its value cannot be read. */
    private static final class ForgivingProperty extends SettableBeanProperty.Delegating {

        ForgivingProperty(SettableBeanProperty delegate) {
            super(delegate);
        }

        @Override
        protected SettableBeanProperty withDelegate(SettableBeanProperty delegate) {
            return new ForgivingProperty(delegate);
        }

        @Override
        public void deserializeAndSet(JsonParser p, DeserializationContext ctxt, Object instance) throws IOException {
            JsonStreamContext container = containerOf(p);
            try {
                delegate.deserializeAndSet(p, ctxt, instance);
            } catch (DatabindException | InputCoercionException e) {
                forgive(p, ctxt, container, e);
            }
        }

        @Override
        public Object deserializeSetAndReturn(JsonParser p, DeserializationContext ctxt, Object instance) throws IOException {
            JsonStreamContext container = containerOf(p);
            try {
                return delegate.deserializeSetAndReturn(p, ctxt, instance);
            } catch (DatabindException | InputCoercionException e) {
                forgive(p, ctxt, container, e);
                return instance;
            }
        }

        /** Records the problem and moves the parser to the last token of this field's value, as a successful read does. */
        private void forgive(JsonParser p, DeserializationContext ctxt, JsonStreamContext container, JacksonException e)
                throws IOException {
            if (!(ctxt.getAttribute(PROBLEMS) instanceof Problems problems)) {
                throw (IOException) e;
            }
            while (p.getParsingContext() != container) {
                if (p.nextToken() == null) {
                    // the document ended inside the value: nothing to forgive
                    throw (IOException) e;
                }
            }
            problems.add(new ReadProblem(path(container, problems.object, getName()), reason(e)));
        }

        /** The context holding this field's name: a value that opens an object or array has a context of its own. */
        private static JsonStreamContext containerOf(JsonParser p) {
            JsonStreamContext context = p.getParsingContext();
            JsonToken token = p.currentToken();
            return token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY ? context.getParent() : context;
        }
    }

    /** {@code spec.retention.keepLast}: the field's path from the object being read. */
    static String path(JsonStreamContext container, JsonStreamContext object, String field) {
        Deque<String> parts = new ArrayDeque<>();
        parts.push(field);
        for (JsonStreamContext context = container; context != null && context != object; context = context.getParent()) {
            JsonStreamContext parent = context.getParent();
            if (parent == null) {
                break;
            }
            if (parent.inArray()) {
                parts.push("[" + parent.getCurrentIndex() + "]");
            } else if (parent.getCurrentName() != null) {
                parts.push(parent.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    /**
     * Jackson's own words for what was wrong, without the parser's location. A number out of range is said the same way
     * whichever way the object was read (streamed, as a list is, or through a tree, as a watch event is), so that the
     * same object reports the same reason each time.
     */
    static String reason(JacksonException e) {
        Throwable cause = e;
        while (cause.getCause() instanceof JacksonException deeper && deeper != cause) {
            cause = deeper;
        }
        String message = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
        if (message == null) {
            message = cause.getClass().getSimpleName();
        }
        message = message.replace('`', '\'').replace('\n', ' ').strip();
        for (Pattern pattern : OUT_OF_RANGE) {
            Matcher number = pattern.matcher(message);
            if (number.find()) {
                return "numeric value " + plain(number.group("value")) + " out of range of a " + bits(number.group("type"))
                        + "-bit integer";
            }
        }
        return message.length() > MAX_REASON ? message.substring(0, MAX_REASON - 1) + "…" : message;
    }

    /** {@code 1e+20} and {@code 1.0E20} alike as {@code 100000000000000000000}. */
    private static String plain(String number) {
        try {
            return new BigDecimal(number).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return number;
        }
    }

    private static String bits(String type) {
        return type.endsWith("ong") ? "64" : "32";
    }
}
