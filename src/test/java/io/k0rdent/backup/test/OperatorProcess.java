package io.k0rdent.backup.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Plumbing for runs of the packaged operator as a child process: its HTTP port, its probes, stopping it. */
public final class OperatorProcess {

    private OperatorProcess() {
    }

    /** A TCP port free right now, for the operator's HTTP server. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The HTTP status of a GET, or -1 while nothing answers. */
    public static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, up to {@code grace} for a clean exit (shutdown hooks, archive dumps), then SIGKILL. */
    public static void stop(Process process, Duration grace) throws InterruptedException {
        process.destroy();
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        process.destroyForcibly();
    }
}
