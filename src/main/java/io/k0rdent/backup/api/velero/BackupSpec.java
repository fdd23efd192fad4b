package io.k0rdent.backup.api.velero;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.LabelSelector;

/** The part of Velero's BackupSpec this operator sets; other fields are left to Velero's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BackupSpec {

    private List<String> includedNamespaces;

    private List<String> excludedResources;

    private List<LabelSelector> orLabelSelectors;

    private LabelSelector labelSelector;

    private String ttl;

    private String storageLocation;

    public List<String> getIncludedNamespaces() {
        return includedNamespaces;
    }

    public void setIncludedNamespaces(List<String> includedNamespaces) {
        this.includedNamespaces = includedNamespaces;
    }

    public List<String> getExcludedResources() {
        return excludedResources;
    }

    public void setExcludedResources(List<String> excludedResources) {
        this.excludedResources = excludedResources;
    }

    public List<LabelSelector> getOrLabelSelectors() {
        return orLabelSelectors;
    }

    public void setOrLabelSelectors(List<LabelSelector> orLabelSelectors) {
        this.orLabelSelectors = orLabelSelectors;
    }

    public LabelSelector getLabelSelector() {
        return labelSelector;
    }

    public void setLabelSelector(LabelSelector labelSelector) {
        this.labelSelector = labelSelector;
    }

    public String getTtl() {
        return ttl;
    }

    public void setTtl(String ttl) {
        this.ttl = ttl;
    }

    public String getStorageLocation() {
        return storageLocation;
    }

    public void setStorageLocation(String storageLocation) {
        this.storageLocation = storageLocation;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BackupSpec other)) {
            return false;
        }
        return Objects.equals(includedNamespaces, other.includedNamespaces)
                && Objects.equals(excludedResources, other.excludedResources)
                && Objects.equals(orLabelSelectors, other.orLabelSelectors)
                && Objects.equals(labelSelector, other.labelSelector)
                && Objects.equals(ttl, other.ttl)
                && Objects.equals(storageLocation, other.storageLocation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(includedNamespaces, excludedResources, orLabelSelectors, labelSelector, ttl, storageLocation);
    }
}

