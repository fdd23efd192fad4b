package io.k0rdent.backup.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CRDs of this project's own kinds as the build generates them into {@code target/kubernetes}. */
final class GeneratedCrds {

    static final Path DIR = Path.of("target", "kubernetes");

    private GeneratedCrds() {
    }

    /** What the chart ships for a generated CRD: the same, with printer columns in the order their class declares. */
    static String forChart(Path generated) throws IOException {
        return PrinterColumnOrder.apply(Files.readString(generated));
    }

    static List<Path> files() throws IOException {
        try (var files = Files.list(DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".k0rdent.mirantis.com-v1.yml")).sorted().toList();
        }
    }
}
