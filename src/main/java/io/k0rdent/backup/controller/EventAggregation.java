package io.k0rdent.backup.controller;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.k0rdent.backup.api.KubernetesNames;

/**
 * Which Event object an occurrence of an event goes to: the first occurrence of an event creates one, every identical one
 * after it adds to that object's {@code count}, as client-go's event correlator does. Remembers the most recently seen
 * {@code capacity} distinct events; one it has forgotten starts a new object.
 */
final class EventAggregation {

    /**
     * What makes two events identical: the object they are about (without its resourceVersion, which changes with every
     * status write), type, reason, message and the reporting component.
     */
    record Key(String namespace, String apiVersion, String kind, String name, String uid, String type, String reason,
            String message, String component) {
    }

    /**
     * The Event object to write for an occurrence: created when {@code count} is 1, patched to the new count and last
     * timestamp otherwise.
     */
    record Write(String name, int count, Instant first, Instant last) {
        boolean creates() {
            return count == 1;
        }
    }

    private final Map<Key, Write> recent;

    EventAggregation(int capacity) {
        recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Write> eldest) {
                return size() > capacity;
            }
        };
    }

    /** One more occurrence of {@code key} at {@code now}. */
    synchronized Write occurred(Key key, Instant now) {
        Write previous = recent.get(key);
        Write next = previous == null ? first(key, now) : new Write(previous.name(), previous.count() + 1, previous.first(), now);
        recent.put(key, next);
        return next;
    }

    /** The object of {@code key} is gone (deleted, or expired by the API server): the occurrence at {@code now} starts anew. */
    synchronized Write restart(Key key, Instant now) {
        Write next = first(key, now);
        recent.put(key, next);
        return next;
    }

    /** Writing the object of {@code key} failed: the next occurrence must not assume it exists. */
    synchronized void forget(Key key) {
        recent.remove(key);
    }

    synchronized int size() {
        return recent.size();
    }

    /**
     * The name of a new Event object, as client-go names them (the object's name and the time in hexadecimal nanoseconds),
     * plus a hash of the key, so that distinct events seen at one instant do not collide; bounded to a valid object name.
     */
    private static Write first(Key key, Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        // eight hexadecimal digits, without String.format (1 % of the CPU of a slot of 1,000)
        String hash = Integer.toHexString(key.hashCode());
        String name = KubernetesNames.boundedName(key.name() + "." + Long.toHexString(nanos)
                + "0".repeat(8 - hash.length()) + hash);
        return new Write(name, 1, now, now);
    }
}
