package io.k0rdent.backup.api;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What {@code retention.keepLast} removes: the backups being deleted, or in a dry run those that would be. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "keepLast", "deleting", "wouldDelete" })
public class RetentionStatus {

    @JsonPropertyDescription("The keepLast this was computed for.")
    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer keepLast;

    @JsonPropertyDescription("Completed scheduled backups beyond keepLast, for which a DeleteBackupRequest was created; "
            + "a name goes once Velero has deleted the backup.")
    private List<String> deleting;

    @JsonPropertyDescription("With retention.dryRun: the backups keepLast would delete.")
    private List<String> wouldDelete;

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }

    public List<String> getDeleting() {
        return deleting;
    }

    public void setDeleting(List<String> deleting) {
        this.deleting = deleting;
    }

    public List<String> getWouldDelete() {
        return wouldDelete;
    }

    public void setWouldDelete(List<String> wouldDelete) {
        this.wouldDelete = wouldDelete;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetentionStatus other)) {
            return false;
        }
        return Objects.equals(keepLast, other.keepLast) && Objects.equals(deleting, other.deleting)
                && Objects.equals(wouldDelete, other.wouldDelete);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keepLast, deleting, wouldDelete);
    }
}
