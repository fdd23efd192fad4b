package io.k0rdent.backup.api;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The schema of the conditions in this operator's CRDs: Kubernetes' condition with its {@code observedGeneration}
 * bounded ({@link Bounds}). Only the CRD generator reads it; the statuses hold fabric8's {@link Condition}.
 */
public class ConditionSchema extends Condition {

    @Override
    @Min(0)
    @Max(Bounds.MAX_GENERATION)
    public Long getObservedGeneration() {
        return super.getObservedGeneration();
    }
}
