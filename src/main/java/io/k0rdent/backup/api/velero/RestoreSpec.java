package io.k0rdent.backup.api.velero;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The part of Velero's RestoreSpec this operator sets, in the order {@code kubectl} prints it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "backupName", "excludedResources", "existingResourcePolicy", "hooks", "includedNamespaces",
        "resourceModifier" })
public class RestoreSpec {

    private String backupName;

    private List<String> excludedResources;

    private String existingResourcePolicy;

    /** Always empty: Velero's own clients write {@code hooks: {}} too, since the Go field is a struct. */
    private Map<String, Object> hooks;

    private List<String> includedNamespaces;

    private ResourceModifierReference resourceModifier;

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
    }

    public List<String> getExcludedResources() {
        return excludedResources;
    }

    public void setExcludedResources(List<String> excludedResources) {
        this.excludedResources = excludedResources;
    }

    public String getExistingResourcePolicy() {
        return existingResourcePolicy;
    }

    public void setExistingResourcePolicy(String existingResourcePolicy) {
        this.existingResourcePolicy = existingResourcePolicy;
    }

    public Map<String, Object> getHooks() {
        return hooks;
    }

    public void setHooks(Map<String, Object> hooks) {
        this.hooks = hooks;
    }

    public List<String> getIncludedNamespaces() {
        return includedNamespaces;
    }

    public void setIncludedNamespaces(List<String> includedNamespaces) {
        this.includedNamespaces = includedNamespaces;
    }

    public ResourceModifierReference getResourceModifier() {
        return resourceModifier;
    }

    public void setResourceModifier(ResourceModifierReference resourceModifier) {
        this.resourceModifier = resourceModifier;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RestoreSpec other)) {
            return false;
        }
        return Objects.equals(backupName, other.backupName)
                && Objects.equals(excludedResources, other.excludedResources)
                && Objects.equals(existingResourcePolicy, other.existingResourcePolicy)
                && Objects.equals(hooks, other.hooks)
                && Objects.equals(includedNamespaces, other.includedNamespaces)
                && Objects.equals(resourceModifier, other.resourceModifier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backupName, excludedResources, existingResourcePolicy, hooks, includedNamespaces, resourceModifier);
    }
}
