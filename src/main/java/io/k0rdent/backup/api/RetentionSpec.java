package io.k0rdent.backup.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How many scheduled backups a {@link ManagementBackup} keeps. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionSpec {

    @JsonPropertyDescription("Keep only the newest N completed scheduled backups; older ones are deleted from the cluster "
            + "and from object storage through a Velero DeleteBackupRequest. On-demand and pre-upgrade backups are never deleted.")
    @Min(1)
    @Max(Bounds.MAX_KEEP_LAST)
    private Integer keepLast;

    @JsonPropertyDescription("Only report in status.retention.wouldDelete (and an event) what keepLast would delete; "
            + "delete nothing.")
    private Boolean dryRun;

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Named apart from the {@code dryRun} property: an ignored accessor of the same name would hide it from the CRD. */
    @JsonIgnore
    public boolean isReportOnly() {
        return Boolean.TRUE.equals(dryRun);
    }
}
