package io.k0rdent.backup.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.controller.UpgradeGateHandler;
import io.smallrye.common.annotation.Blocking;

/**
 * The upgrade gate's validating admission webhook: takes an {@code admission.k8s.io/v1} AdmissionReview of an update of
 * kcm's Management and answers with the review's response. Registered by a ValidatingWebhookConfiguration (see
 * {@code docs/upgrade.md}) with {@code failurePolicy: Ignore}, so kcm upgrades proceed when this operator is down.
 */
@Path(UpgradeGateWebhook.PATH)
public class UpgradeGateWebhook {

    public static final String PATH = "/webhooks/validate-management-upgrade";
    static final String API_VERSION = "admission.k8s.io/v1";

    private final UpgradeGateHandler handler;
    private final KubernetesSerialization serialization;

    public UpgradeGateWebhook(UpgradeGateHandler handler, KubernetesClient client) {
        this.handler = handler;
        // fabric8's own mapper: it knows how to read the embedded objects of a review, including kinds it has no class for
        this.serialization = client.getKubernetesSerialization();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response review(String body) {
        AdmissionReview review;
        try {
            review = serialization.unmarshal(body, AdmissionReview.class);
        } catch (RuntimeException e) {
            return badRequest("not an AdmissionReview: " + e.getMessage());
        }
        if (review == null || review.getRequest() == null) {
            return badRequest("an AdmissionReview with a request is expected");
        }
        AdmissionReview answer = new AdmissionReview();
        answer.setApiVersion(review.getApiVersion() == null ? API_VERSION : review.getApiVersion());
        answer.setKind("AdmissionReview");
        answer.setResponse(handler.review(review.getRequest()));
        return Response.ok(serialization.asJson(answer), MediaType.APPLICATION_JSON).build();
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN).entity(message).build();
    }
}
