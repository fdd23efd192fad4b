package io.k0rdent.backup.api.velero;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Counts of the backup hooks Velero ran. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class HookStatus {

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer hooksAttempted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer hooksFailed;

    public Integer getHooksAttempted() {
        return hooksAttempted;
    }

    public void setHooksAttempted(Integer hooksAttempted) {
        this.hooksAttempted = hooksAttempted;
    }

    public Integer getHooksFailed() {
        return hooksFailed;
    }

    public void setHooksFailed(Integer hooksFailed) {
        this.hooksFailed = hooksFailed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HookStatus other)) {
            return false;
        }
        return Objects.equals(hooksAttempted, other.hooksAttempted)
                && Objects.equals(hooksFailed, other.hooksFailed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hooksAttempted, hooksFailed);
    }
}

