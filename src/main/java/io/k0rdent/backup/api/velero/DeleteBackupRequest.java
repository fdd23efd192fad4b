package io.k0rdent.backup.api.velero;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** Velero's {@code deletebackuprequests.velero.io}: deletes a backup from the cluster and from object storage. */
@Group(Velero.GROUP)
@Version(Velero.VERSION)
@Kind("DeleteBackupRequest")
@Plural("deletebackuprequests")
@JsonIgnoreProperties(ignoreUnknown = true)
public class DeleteBackupRequest
        extends CustomResource<DeleteBackupRequest.Spec, DeleteBackupRequest.Status> implements Namespaced {

    /** Which backup to delete. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Spec {
        private String backupName;

        public String getBackupName() {
            return backupName;
        }

        public void setBackupName(String backupName) {
            this.backupName = backupName;
        }
    }

    /** {@code New}, {@code InProgress} or {@code Processed}, with Velero's errors. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Status {
        private String phase;
        private List<String> errors;

        public String getPhase() {
            return phase;
        }

        public void setPhase(String phase) {
            this.phase = phase;
        }

        public List<String> getErrors() {
            return errors;
        }

        public void setErrors(List<String> errors) {
            this.errors = errors;
        }
    }
}
