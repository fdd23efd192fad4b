package io.k0rdent.backup.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;

/** How many scheduled backups a {@link ManagementBackup} keeps. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionSpec {

    @JsonPropertyDescription("Keep only the newest N completed scheduled backups; older ones are deleted from the cluster "
            + "and from object storage through a Velero DeleteBackupRequest. On-demand and pre-upgrade backups are never deleted.")
    @Min(1)
    private Integer keepLast;

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }
}
