package io.k0rdent.backup.test;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * Answers JOSDK's start-up question "may I use leases?" (a SelfSubjectRulesReview), which the mock server, having no
 * authorizer, cannot answer: with the rule the chart's Role grants.
 */
public final class LeaseAccess {

    public static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private LeaseAccess() {
    }

    public static void allow(KubernetesServer server) {
        allow(server.getKubernetesMockServer());
    }

    public static void allow(KubernetesMockServer server) {
        SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder()
                .withNewSpec().withNamespace("kcm-system").endSpec()
                .withNewStatus().withIncomplete(false)
                .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update", "patch").build())
                .endStatus().build();
        server.expect().post().withPath(PATH).andReturn(201, review).always();
    }
}
