package io.k0rdent.backup.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Client failures in words: the API server's answer once, found through wrappers. */
class ApiErrorsTest {

    static final KubernetesClientException FORBIDDEN = new KubernetesClientException(new StatusBuilder().withCode(403)
            .withReason("Forbidden").withMessage("admission webhook denied the request").build());

    @Test
    void theApiServersAnswerIsSaidOnceWithItsCode() {
        assertThat(ApiErrors.concise(FORBIDDEN)).isEqualTo("403 admission webhook denied the request");
    }

    @Test
    void anAnswerWrappedByTheFrameworkIsFoundInTheCauses() {
        RuntimeException wrapped = new RuntimeException(FORBIDDEN.toString(), FORBIDDEN);
        assertThat(ApiErrors.concise(wrapped)).isEqualTo("403 admission webhook denied the request");
    }

    @Test
    void aFailureWithoutAnAnswerKeepsItsFirstLine() {
        assertThat(ApiErrors.concise(new IllegalStateException("connection refused\n\tat somewhere")))
                .isEqualTo("connection refused");
        assertThat(ApiErrors.concise(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
