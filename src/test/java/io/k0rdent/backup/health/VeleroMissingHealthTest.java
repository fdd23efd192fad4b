package io.k0rdent.backup.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Without Velero the pod stays ready and alive: the absence is reported, not acted on with restarts. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.WithoutVelero.class)
class VeleroMissingHealthTest {

    static final String VELERO = "checks.find { it.name == 'velero' }";

    @Test
    void aMissingVeleroIsReportedButNeitherUnreadiesNorRestartsThePod() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(VELERO + ".status", equalTo("UP"))
                .body(VELERO + ".data.installed", equalTo(false));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(Scrape.now().value("kcm_backup_velero_installed")).hasValue(0);
    }
}
