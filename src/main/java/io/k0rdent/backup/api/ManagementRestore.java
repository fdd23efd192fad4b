package io.k0rdent.backup.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Cluster-scoped request to restore (or roll back) the management cluster from one Velero backup. */
@Group(ManagementBackup.GROUP)
@Version(value = "v1beta1", storage = true)
@Kind("ManagementRestore")
@Plural("managementrestores")
@Singular("managementrestore")
@ShortNames({ "kcmrestore", "mgmtrestore" })
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Where the restore stands")
@AdditionalPrinterColumn(name = "Backup", jsonPath = ".status.backupName", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The Velero Backup restored")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE,
        getDescription = "Time since the ManagementRestore was created")
@AdditionalPrinterColumn(name = "Attempt", jsonPath = ".status.attempt", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1,
        getDescription = "Number of the current attempt")
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        getDescription = "What happens now, in words")
public class ManagementRestore extends CustomResource<ManagementRestoreSpec, ManagementRestoreStatus> implements PartlyRead {

    /** Fields the client could not read into this object (TolerantReading); kept in memory only. */
    @JsonIgnore
    private transient List<ReadProblem> readProblems = List.of();


    @Override
    protected ManagementRestoreSpec initSpec() {
        return new ManagementRestoreSpec();
    }

    /** Name of the Velero Restore of one attempt: {@code <name>-<attempt>}, so every attempt is kept for inspection. */
    public String restoreName(int attempt) {
        return KubernetesNames.boundedName(getMetadata().getName() + "-" + attempt);
    }

    /** The restart token the user set, or null. */
    @JsonIgnore
    public String restartToken() {
        Map<String, String> annotations = getMetadata().getAnnotations();
        String token = annotations == null ? null : annotations.get(Labels.RESTART_ANNOTATION);
        return token == null || token.isBlank() ? null : token;
    }

    @Override
    public List<ReadProblem> readProblems() {
        return readProblems;
    }

    @Override
    public void readProblems(List<ReadProblem> problems) {
        this.readProblems = problems == null ? List.of() : List.copyOf(problems);
    }
}
