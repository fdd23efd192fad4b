package io.k0rdent.backup.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.test.MockCluster;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The probes of a single replica (leader election off) on a cluster with Velero. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class HealthEndpointTest {

    static final String CHECK = "checks.find { it.name == '%s' }";

    @TestHTTPResource("/q/health/live")
    URI liveness;

    @Test
    void readinessSaysTheReplicaReconcilesAndVeleroIsThere() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(CHECK.formatted(ReplicaReadinessCheck.NAME) + ".status", equalTo("UP"))
                .body(CHECK.formatted(ReplicaReadinessCheck.NAME) + ".data.role", equalTo("single"))
                .body(CHECK.formatted(ReplicaReadinessCheck.NAME) + ".data.reason", equalTo("reconciling (leader election off)"))
                .body(CHECK.formatted(VeleroHealthCheck.NAME) + ".status", equalTo("UP"))
                .body(CHECK.formatted(VeleroHealthCheck.NAME) + ".data.installed", equalTo(true))
                .body(CHECK.formatted(VeleroHealthCheck.NAME) + ".data.namespace", equalTo("kcm-system"))
                // the operator SDK's own check (started, event sources healthy) stays part of readiness
                .body(CHECK.formatted("Quarkus Operator SDK health check") + ".status", equalTo("UP"));
    }

    @Test
    void livenessSaysTheOperatorRuns() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(CHECK.formatted(ReplicaLivenessCheck.NAME) + ".status", equalTo("UP"))
                .body(CHECK.formatted(ReplicaLivenessCheck.NAME) + ".data.reason", equalTo("running"));
    }

    @Test
    void aClientAskingForHttp2IsAnsweredOverHttp11() throws Exception {
        // Java's client asks for an h2c upgrade by default; accepting it would load Netty's HTTP/2 codec for nothing
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()
                .send(HttpRequest.newBuilder(liveness).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
}
