package io.k0rdent.backup.test;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.WithDefault;

/**
 * A {@code @ConfigMapping} interface answered from its {@code @WithDefault}s and a few overrides, for wiring beans by hand
 * outside Quarkus. Reads the annotations, so settings added later need no change here.
 */
public final class ConfigDefaults {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private ConfigDefaults() {
    }

    /** @param overrides values by method name, as they would be written in application.properties */
    public static <T> T of(Class<T> mapping, Map<String, String> overrides) {
        Object proxy = Proxy.newProxyInstance(mapping.getClassLoader(), new Class<?>[] { mapping }, (self, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return mapping.getSimpleName() + overrides;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    return value(method, overrides.get(method.getName()));
            }
        });
        return mapping.cast(proxy);
    }

    private static Object value(Method method, String override) {
        WithDefault withDefault = method.getAnnotation(WithDefault.class);
        String raw = override != null ? override : withDefault == null ? null : withDefault.value();
        Class<?> type = method.getReturnType();
        if (type == Optional.class) {
            if (raw == null) {
                return Optional.empty();
            }
            Class<?> element = (Class<?>) ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
            return Optional.of(convert(element, raw));
        }
        if (raw == null) {
            throw new IllegalStateException("no default and no override for " + method);
        }
        return convert(type, raw);
    }

    private static Object convert(Class<?> type, String raw) {
        if (type == String.class) {
            return raw;
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.parseBoolean(raw);
        }
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(raw);
        }
        if (type == long.class || type == Long.class) {
            return Long.parseLong(raw);
        }
        if (type == Duration.class) {
            Matcher simple = SIMPLE_DURATION.matcher(raw);
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(raw);
        }
        throw new IllegalArgumentException("unsupported config type " + type);
    }
}
