package io.k0rdent.backup.controller;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.k0rdent.backup.config.OperatorConfig;

/**
 * Records Kubernetes events on the objects this operator manages. Events of cluster-scoped objects go to the system
 * namespace, the only one this operator may write events to; {@code kubectl describe} finds them there.
 */
@ApplicationScoped
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    static final String COMPONENT = "kcm-backup-operator";

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, OperatorConfig config, Clock clock) {
        this.client = client;
        this.config = config;
        this.clock = clock;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    public void record(HasMetadata object, String type, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String name = object.getMetadata().getName();
        String eventName = (name.length() > 200 ? name.substring(0, 200) : name) + "."
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            client.v1().events().inNamespace(config.systemNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(eventName).withNamespace(config.systemNamespace()).endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(object.getApiVersion()).withKind(object.getKind()).withName(name)
                    .withNamespace(object.getMetadata().getNamespace()).withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (KubernetesClientException e) {
            // an event is a courtesy: losing one must not fail the reconcile that produced it
            LOG.warnf("Could not record event %s on %s %s: %s", reason, object.getKind(), name, e.getMessage());
        }
        LOG.infof("%s %s: %s %s", object.getKind(), name, reason, message);
    }
}
