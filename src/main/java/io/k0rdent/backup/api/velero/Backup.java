package io.k0rdent.backup.api.velero;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** Velero's {@code backups.velero.io}: created by this operator, status written by Velero. */
@Group(Velero.GROUP)
@Version(Velero.VERSION)
@Kind("Backup")
@Plural("backups")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Backup extends CustomResource<BackupSpec, BackupStatus> implements Namespaced {
}
