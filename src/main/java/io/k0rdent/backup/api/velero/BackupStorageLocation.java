package io.k0rdent.backup.api.velero;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** Velero's {@code backupstoragelocations.velero.io}: read only, to tell a missing or unavailable location early. */
@Group(Velero.GROUP)
@Version(Velero.VERSION)
@Kind("BackupStorageLocation")
@Plural("backupstoragelocations")
@JsonIgnoreProperties(ignoreUnknown = true)
public class BackupStorageLocation
        extends CustomResource<BackupStorageLocation.Spec, BackupStorageLocation.Status> implements Namespaced {

    /**
     * The only spec field read is whether this is Velero's default location; the others (provider, bucket, config…) are
     * kept as they are, so that a change of them can be told.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Spec {
        @JsonProperty("default")
        private Boolean defaultLocation;

        private final Map<String, Object> others = new TreeMap<>();

        @JsonAnyGetter
        public Map<String, Object> getOthers() {
            return others;
        }

        @JsonAnySetter
        public void setOther(String name, Object value) {
            others.put(name, value);
        }

        public Boolean getDefaultLocation() {
            return defaultLocation;
        }

        public void setDefaultLocation(Boolean defaultLocation) {
            this.defaultLocation = defaultLocation;
        }
    }

    /** Velero's view of the location: {@code Available} or {@code Unavailable}, with a message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Status {
        private String phase;
        private String message;

        public String getPhase() {
            return phase;
        }

        public void setPhase(String phase) {
            this.phase = phase;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }
    }

    public boolean isDefault() {
        return getSpec() != null && Boolean.TRUE.equals(getSpec().getDefaultLocation());
    }

    public boolean isUnavailable() {
        return getStatus() != null && "Unavailable".equals(getStatus().getPhase());
    }
}
