package io.k0rdent.backup.api.velero;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** Velero's {@code restores.velero.io}: created by this operator for a ManagementRestore, status written by Velero. */
@Group(Velero.GROUP)
@Version(Velero.VERSION)
@Kind("Restore")
@Plural("restores")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Restore extends CustomResource<RestoreSpec, RestoreStatus> implements Namespaced {

    /** The phase Velero reports; a restore Velero has not picked up yet has none. */
    @JsonIgnore
    public String phase() {
        return getStatus() == null ? null : getStatus().getPhase();
    }
}
