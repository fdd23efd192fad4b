package io.k0rdent.backup.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Brings the deployables up to date with the build: copies the CRDs the build generated into the chart (printer columns
 * put back in declared order, see {@link PrinterColumnOrder}) and renders the
 * plain manifests from the chart. Run after {@code ./mvnw package} (see docs/operations.md); tests fail until it has run.
 */
public final class RegenerateDeployables {

    private RegenerateDeployables() {
    }

    public static void main(String[] args) throws IOException {
        Path crds = Chart.DIR.resolve("files/crds");
        for (Path stale : list(crds)) {
            Files.delete(stale);
        }
        for (Path generated : GeneratedCrds.files()) {
            Files.writeString(crds.resolve(generated.getFileName()), GeneratedCrds.forChart(generated));
            System.out.println("copied " + generated + " to " + crds + ", printer columns in declared order");
        }
        Files.createDirectories(Chart.PLAIN_MANIFESTS.getParent());
        Files.writeString(Chart.PLAIN_MANIFESTS, PlainManifests.header() + Chart.template(Map.of()));
        System.out.println("rendered " + Chart.PLAIN_MANIFESTS);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
