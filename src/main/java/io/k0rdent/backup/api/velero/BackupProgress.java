package io.k0rdent.backup.api.velero;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How far Velero got with a backup. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BackupProgress {

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer totalItems;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer itemsBackedUp;

    public Integer getTotalItems() {
        return totalItems;
    }

    public void setTotalItems(Integer totalItems) {
        this.totalItems = totalItems;
    }

    public Integer getItemsBackedUp() {
        return itemsBackedUp;
    }

    public void setItemsBackedUp(Integer itemsBackedUp) {
        this.itemsBackedUp = itemsBackedUp;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BackupProgress other)) {
            return false;
        }
        return Objects.equals(totalItems, other.totalItems)
                && Objects.equals(itemsBackedUp, other.itemsBackedUp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(totalItems, itemsBackedUp);
    }
}

