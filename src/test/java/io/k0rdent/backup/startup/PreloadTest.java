package io.k0rdent.backup.startup;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * Preloading swallows its failures at run time (it only saves time), so a sample that no longer reads, after a model
 * change, would silently stop saving it: here it must read.
 */
class PreloadTest {

    @Test
    void readsAndWritesEverySampleWithoutFailure() {
        assertThatCode(Preload::preload).doesNotThrowAnyException();
    }
}
