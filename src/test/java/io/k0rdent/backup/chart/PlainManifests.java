package io.k0rdent.backup.chart;

/** The header of {@code kubernetes/kcm-backup-operator.yaml}, which says where the file comes from. */
final class PlainManifests {

    private PlainManifests() {
    }

    static String header() {
        return """
                # kcm backup operator: plain manifests for kubectl apply -f, rendered from helm/kcm-backup-operator with its
                # default values (helm template kcm-backup-operator helm/kcm-backup-operator --namespace kcm-system).
                # Do not edit: change the chart and regenerate (docs/operations.md, "Plain manifests"). A test compares them.
                """;
    }
}
