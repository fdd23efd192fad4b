package io.k0rdent.backup.status;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/** Standard Kubernetes conditions, set so that {@code lastTransitionTime} only moves when the status does. */
public final class Conditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isFalse(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> FALSE.equals(c.getStatus())).orElse(false);
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    /** Returns a new list with condition {@code type} set; the previous transition time stays if the status is unchanged. */
    public static List<Condition> set(List<Condition> previous, String type, boolean status, String reason, String message,
            Long generation, Instant now) {
        String value = status ? TRUE : FALSE;
        Optional<Condition> old = find(previous, type);
        String transition = old.filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        Condition updated = new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(transition).build();
        List<Condition> result = new ArrayList<>();
        boolean replaced = false;
        for (Condition c : previous == null ? List.<Condition> of() : previous) {
            if (type.equals(c.getType())) {
                result.add(updated);
                replaced = true;
            } else {
                result.add(c);
            }
        }
        if (!replaced) {
            result.add(updated);
        }
        return result;
    }

    /** Drops condition {@code type}, e.g. one that no longer applies after a spec change. */
    public static List<Condition> remove(List<Condition> previous, String type) {
        return previous == null ? new ArrayList<>()
                : new ArrayList<>(previous.stream().filter(c -> !Objects.equals(type, c.getType())).toList());
    }
}
