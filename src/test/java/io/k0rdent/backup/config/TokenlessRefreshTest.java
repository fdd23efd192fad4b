package io.k0rdent.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import io.k0rdent.backup.test.TestClock;

class TokenlessRefreshTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    @Test
    void aKubeconfigWithoutATokenIsReadAgainOnceAMinuteNotOnEveryRequest() throws IOException {
        Path file = kubeconfig(null);
        Config config = Config.fromKubeconfig(file.toFile());
        ClientTuning.tune(config, 16, clock);
        // the client's own refresh clock as it stands a minute after the first token-less request: due on every request
        TokenRefreshInterceptor refresh = new TokenRefreshInterceptor(config, (HttpClient.Factory) null, Instant.EPOCH);
        assertThat(authorization(refresh)).isNull();

        write(file, "added");
        assertThat(authorization(refresh)).as("not read again within the minute").isNull();
        clock.step(Duration.ofSeconds(59));
        assertThat(authorization(refresh)).isNull();
        clock.step(Duration.ofSeconds(1));
        assertThat(authorization(refresh)).as("read again after a minute").isEqualTo("Bearer added");
        assertThat(authorization(refresh)).isEqualTo("Bearer added");
    }

    @Test
    void untunedTheClientReadsATokenlessKubeconfigAgainOnEveryRequest() throws IOException {
        // what TokenlessRefresh is for: if this fails, the client has stopped doing it and TokenlessRefresh can go
        Path file = kubeconfig(null);
        Config config = Config.fromKubeconfig(file.toFile());
        TokenRefreshInterceptor refresh = new TokenRefreshInterceptor(config, (HttpClient.Factory) null, Instant.EPOCH);
        assertThat(authorization(refresh)).isNull();

        write(file, "added");
        assertThat(authorization(refresh)).isEqualTo("Bearer added");
    }

    @Test
    void aConfigurationWithATokenIsLeftToTheClient() throws IOException {
        Config config = Config.fromKubeconfig(kubeconfig("sandbox").toFile());
        ClientTuning.tune(config, 16, clock);

        assertThat(config.getOauthTokenProvider()).isNull();
        assertThat(config.getMaxConcurrentRequestsPerHost()).isEqualTo(16);
    }

    @Test
    void aFailedReadingKeepsTheLastTokenUntilTheNextOne() {
        String[] answers = {"first", null};
        int[] readings = {0};
        TokenlessRefresh provider = new TokenlessRefresh(() -> {
            if (answers[readings[0]++] == null) {
                throw new IllegalStateException("kubeconfig half written");
            }
            return answers[readings[0] - 1];
        }, clock);
        assertThat(provider.getToken()).isNull();

        clock.step(TokenlessRefresh.INTERVAL);
        assertThat(provider.getToken()).isEqualTo("first");
        clock.step(TokenlessRefresh.INTERVAL);
        assertThat(provider.getToken()).isEqualTo("first");
        assertThat(readings[0]).isEqualTo(2);
        assertThat(provider.getToken()).isEqualTo("first");
        assertThat(readings[0]).isEqualTo(2);
    }

    private static String authorization(TokenRefreshInterceptor refresh) {
        StandardHttpRequest.Builder builder = new StandardHttpRequest.Builder();
        builder.uri("https://127.0.0.1:6443/api");
        refresh.before(builder, builder.build(), null);
        return builder.build().header("Authorization");
    }

    private Path kubeconfig(String token) throws IOException {
        Path file = dir.resolve("kubeconfig");
        write(file, token);
        return file;
    }

    private static void write(Path file, String token) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: https://127.0.0.1:6443
                contexts:
                - name: c
                  context:
                    cluster: c
                    user: u
                current-context: c
                users:
                - name: u
                  user: %s
                """.formatted(token == null ? "{}" : "{token: " + token + "}"));
    }
}
