package io.k0rdent.backup.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ImageMode;

/**
 * Preloading swallows its failures at run time (it only saves time), so a sample that no longer reads, after a model
 * change, would silently stop saving it: here it must read.
 */
class PreloadTest {

    @Test
    void readsAndWritesEverySampleWithoutFailure() {
        assertThatCode(Preload::preload).doesNotThrowAnyException();
    }

    @Test
    void runsOnAJvmAsSetAndNeverInANativeExecutable() {
        assertThat(Preload.wanted("true", ImageMode.JVM)).isTrue();
        assertThat(Preload.wanted(" false ", ImageMode.JVM)).isFalse();
        assertThat(Preload.wanted("true", ImageMode.NATIVE_RUN)).isFalse();
    }
}
