package io.k0rdent.backup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.chart.Chart;

/** The footprint benchmark measures the JVM as the image and the chart run it; this keeps the three in step. */
class ImageOptionsTest {

    @Test
    void benchmarkRunsTheImagesJvmOptionsUnderTheChartsMemoryLimit() throws IOException {
        String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
        Matcher javaOpts = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(javaOpts.find()).isTrue();
        String limit = Chart.at(Chart.render(Map.of()).get("Deployment"), "spec.template.spec.containers.0.resources.limits.memory");
        assertThat(limit).isEqualTo("256Mi");
        assertThat(FootprintBenchmark.IMAGE_JVM_OPTIONS).isEqualTo(javaOpts.group(1) + " -XX:MaxRAM=256m");
        assertThat(dockerfile).contains("MALLOC_ARENA_MAX=" + FootprintBenchmark.IMAGE_ENVIRONMENT.get("MALLOC_ARENA_MAX"));
    }

    @Test
    void theNativeImageBoundsItsHeapAsTheJvmImageAndTakesTheChartsOptionsAfterItsOwn() throws IOException {
        String jvm = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
        String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.native"));
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        List<String> command = List.of(entrypoint.group(1).replace("\"", "").split(",\\s*"));
        // the heap at most 40 % of the memory limit, a young generation of 4 MiB: both images alike
        assertThat(jvm).contains("-XX:MaxRAMPercentage=40").contains("-Xmn4m");
        assertThat(command).containsExactly("/work/application", "-XX:MaximumHeapSizePercent=40", "-Xmn4m");
        // exec form and no CMD: the chart's nativeOptions (container args) are appended to the entrypoint
        assertThat(dockerfile).doesNotContainPattern("(?m)^CMD");
        assertThat(dockerfile).containsPattern("(?m)^USER 1001$");
    }
}
