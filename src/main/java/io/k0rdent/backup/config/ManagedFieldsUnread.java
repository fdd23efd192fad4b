package io.k0rdent.backup.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;

/**
 * The operator's Kubernetes client skips {@code metadata.managedFields} when it reads an object: nothing here uses them,
 * and every object a real API server sends carries them, on every watch event and in every answer, often larger than
 * the rest of the object. Skipped, they are only scanned, not built (one entry and a tree of field names per writer),
 * then dropped by the caches ({@code LeanItemStore}).
 * <p>
 * Writes are unaffected: an object read without them is updated without them, and the API server keeps the ones it has
 * when an update leaves the field out. Written, they would still be sent (the skip is for reading only).
 */
@Singleton
public class ManagedFieldsUnread implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(ObjectMeta.class, SkipManagedFields.class);
    }

    @JsonIgnoreProperties(value = "managedFields", allowGetters = true)
    interface SkipManagedFields {
    }
}
