package io.k0rdent.backup.api.velero;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A Restore's {@code spec.resourceModifier}: the ConfigMap, in Velero's namespace, holding resource modifier rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "apiGroup", "kind", "name" })
public class ResourceModifierReference {

    private String apiGroup;

    private String kind;

    private String name;

    public static ResourceModifierReference configMap(String name) {
        ResourceModifierReference reference = new ResourceModifierReference();
        reference.setKind("ConfigMap");
        reference.setName(name);
        return reference;
    }

    public String getApiGroup() {
        return apiGroup;
    }

    public void setApiGroup(String apiGroup) {
        this.apiGroup = apiGroup;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ResourceModifierReference other)) {
            return false;
        }
        return Objects.equals(apiGroup, other.apiGroup) && Objects.equals(kind, other.kind) && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiGroup, kind, name);
    }
}
