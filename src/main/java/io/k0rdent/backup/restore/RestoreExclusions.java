package io.k0rdent.backup.restore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resources a management restore leaves out: Velero's and the cluster's own bookkeeping first, then the caveats of
 * the CAPI providers the backup contains, then the user's additions (sorted), each resource once.
 */
public final class RestoreExclusions {

    /** Always excluded: node, event and Velero bookkeeping objects of the old cluster that must not land on the new one. */
    public static final List<String> DEFAULTS = List.of(
            "nodes",
            "events",
            "events.events.k8s.io",
            "backups.velero.io",
            "restores.velero.io",
            "resticrepositories.velero.io",
            "csinodes.storage.k8s.io",
            "volumeattachments.storage.k8s.io",
            "backuprepositories.velero.io");

    /** The CAPI provider of Azure (CAPZ), as recorded on a backup. */
    public static final String AZURE_PROVIDER = "infrastructure-azure";

    /** CAPZ's conversion webhooks reject these; CAPZ recreates them from the restored clusters with the same spec. */
    public static final List<String> AZURE = List.of(
            "natgateways.network.azure.com",
            "resourcegroups.resources.azure.com",
            "virtualnetworks.network.azure.com",
            "virtualnetworkssubnets.network.azure.com");

    /** The CAPI provider of vSphere (CAPV), as recorded on a backup. */
    public static final String VSPHERE_PROVIDER = "infrastructure-vsphere";

    /**
     * Velero restores webhook configurations before the objects they guard, so CAPV's objects would be rejected; the
     * provider installs its webhooks again itself. The names are the documented ones (Velero resolves singular names).
     */
    public static final List<String> VSPHERE = List.of(
            "mutatingwebhookconfiguration.admissionregistration.k8s.io",
            "validatingwebhookconfiguration.admissionregistration.k8s.io");

    private RestoreExclusions() {
    }

    /**
     * @param providers the CAPI providers recorded on the backup
     * @param user      the ManagementRestore's own exclusions, may be null
     */
    public static List<String> of(Collection<String> providers, Collection<String> user) {
        Set<String> result = new LinkedHashSet<>(DEFAULTS);
        if (providers.contains(AZURE_PROVIDER)) {
            result.addAll(AZURE);
        }
        if (providers.contains(VSPHERE_PROVIDER)) {
            result.addAll(VSPHERE);
        }
        if (user != null) {
            Set<String> extra = new TreeSet<>();
            user.stream().filter(r -> r != null && !r.isBlank()).map(String::trim).forEach(extra::add);
            result.addAll(extra);
        }
        return new ArrayList<>(result);
    }
}
