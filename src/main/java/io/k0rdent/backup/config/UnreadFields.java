package io.k0rdent.backup.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.k0rdent.backup.api.velero.BackupSpec;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;

/**
 * What the operator's Kubernetes client skips when it reads an object: fields nothing here uses that are often most of
 * the object. Skipped, they are only scanned, not built.
 * <ul>
 * <li>{@code metadata.managedFields}: every object a real API server sends carries them, on every watch event and in
 * every answer, often larger than the rest of the object (one entry and a tree of field names per writer).
 * <li>A Velero Backup's label selectors ({@code spec.orLabelSelectors}, {@code spec.labelSelector}): the selection of
 * every cluster's objects, up to 1.5 MB per Backup at large fleets, read back on every list and watch event of the
 * Backups kept, and on the answer to each create. The operator writes them and never reads them back.
 * </ul>
 * Writes are unaffected: the skip is for reading only, so what is set on an object is sent. An object read without them
 * must not be written back whole: the API server keeps the stored managedFields when an update leaves them out, but
 * an update of a Backup without its selectors would remove them (the operator never updates a Backup).
 */
@Singleton
public class UnreadFields implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(ObjectMeta.class, SkipManagedFields.class);
        mapper.addMixIn(BackupSpec.class, SkipSelectors.class);
    }

    @JsonIgnoreProperties(value = "managedFields", allowGetters = true)
    interface SkipManagedFields {
    }

    @JsonIgnoreProperties(value = {"orLabelSelectors", "labelSelector"}, allowGetters = true, ignoreUnknown = true)
    interface SkipSelectors {
    }
}
