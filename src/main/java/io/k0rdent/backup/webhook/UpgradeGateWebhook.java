package io.k0rdent.backup.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.controller.UpgradeGateHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The upgrade gate's validating admission webhook: takes an {@code admission.k8s.io/v1} AdmissionReview of an update of
 * kcm's Management and answers with the review's response. Registered by a ValidatingWebhookConfiguration (see
 * {@code docs/upgrade.md}) with {@code failurePolicy: Ignore}, so kcm upgrades proceed when this operator is down.
 * <p>
 * A plain route on Quarkus' HTTP server (the one serving health and metrics, and TLS when configured): one JSON
 * endpoint does not need a REST framework, and leaving one out shortens start-up.
 */
@ApplicationScoped
public class UpgradeGateWebhook {

    public static final String PATH = "/webhooks/validate-management-upgrade";
    static final String API_VERSION = "admission.k8s.io/v1";
    /** An AdmissionReview carries the object twice (old and new); an object is at most about 1.5 MiB in etcd. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
    private static final String JSON = "application/json";

    private final UpgradeGateHandler handler;
    private final KubernetesSerialization serialization;

    public UpgradeGateWebhook(UpgradeGateHandler handler, KubernetesClient client) {
        this.handler = handler;
        // fabric8's own mapper: it knows how to read the embedded objects of a review, including kinds it has no class for
        this.serialization = client.getKubernetesSerialization();
    }

    void route(@Observes Router router) {
        // the verdict may read the API server: off the event loop
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .blockingHandler(this::review, false);
    }

    void review(RoutingContext context) {
        String body = context.body().asString();
        AdmissionReview review;
        try {
            review = body == null ? null : serialization.unmarshal(body, AdmissionReview.class);
        } catch (RuntimeException e) {
            badRequest(context, "not an AdmissionReview: " + e.getMessage());
            return;
        }
        if (review == null || review.getRequest() == null) {
            badRequest(context, "an AdmissionReview with a request is expected");
            return;
        }
        AdmissionReview answer = new AdmissionReview();
        answer.setApiVersion(review.getApiVersion() == null ? API_VERSION : review.getApiVersion());
        answer.setKind("AdmissionReview");
        answer.setResponse(handler.review(review.getRequest()));
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(serialization.asJson(answer));
    }

    private static void badRequest(RoutingContext context, String message) {
        context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end(message);
    }
}
