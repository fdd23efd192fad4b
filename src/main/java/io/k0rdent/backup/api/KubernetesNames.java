package io.k0rdent.backup.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Keeps generated object names and label values within Kubernetes' length limits without losing uniqueness. */
public final class KubernetesNames {

    /** Longest object name (a DNS subdomain). */
    public static final int MAX_NAME = 253;
    /** Longest label value. */
    public static final int MAX_LABEL_VALUE = 63;

    private static final int HASH_LENGTH = 8;

    private KubernetesNames() {
    }

    public static String boundedName(String name) {
        return bounded(name, MAX_NAME);
    }

    public static String boundedLabelValue(String value) {
        return bounded(value, MAX_LABEL_VALUE);
    }

    /**
     * Returns {@code value} unchanged when it fits, otherwise its cut prefix followed by {@code -} and 8 hex digits of the
     * SHA-256 of the full value: two long names that share a prefix still differ, and the result ends alphanumeric.
     */
    public static String bounded(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        String suffix = "-" + sha256Hex(value).substring(0, HASH_LENGTH);
        String prefix = value.substring(0, max - suffix.length());
        // a prefix ending in '-' or '.' would give "--" or ".-", which DNS names and label values reject
        while (!prefix.isEmpty() && !Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + suffix;
    }

    /** The SHA-256 of {@code value} in UTF-8, as 64 hex digits. */
    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
