package io.k0rdent.backup.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.k0rdent.backup.api.PartlyRead;
import io.k0rdent.backup.api.ReadProblem;

/**
 * What the status of one of this operator's objects says while some of its fields cannot be read: the fields and why, in
 * {@code status.error}, in a {@value #READABLE} condition and in {@code Ready}. Pure: the controller writes it.
 */
public final class UnreadableStatus {

    /** False while some field of the object cannot be read; absent otherwise. */
    public static final String READABLE = "Readable";
    public static final String REASON = "UnreadableFields";

    /**
     * @param error the new {@code status.error}
     * @param conditions the new conditions
     * @param newly whether the {@value #READABLE} condition says something it did not say before (worth an event)
     */
    public record Report(String error, List<Condition> conditions, boolean newly) {
    }

    private UnreadableStatus() {
    }

    /**
     * @param held what the operator does not do while the fields cannot be read, e.g. "no backups are taken"
     * @param readyType the object's ready condition
     */
    public static Report of(PartlyRead object, String held, List<Condition> previous, String readyType, Long generation,
            Instant now) {
        String message = object.readProblems().stream().anyMatch(p -> !isStatus(p))
                ? "fields the operator cannot read: " + object.describeReadProblems() + ". Correct or remove them; " + held
                        + " until then"
                : "status fields the operator cannot read, removed from the status (the API server refuses every status "
                        + "write while they are there): " + object.describeReadProblems();
        Optional<Condition> before = Conditions.find(previous, READABLE);
        boolean newly = before.map(c -> !Conditions.FALSE.equals(c.getStatus()) || !message.equals(c.getMessage())).orElse(true);
        List<Condition> conditions = Conditions.set(previous, READABLE, false, REASON, message, generation, now);
        conditions = Conditions.set(conditions, readyType, false, REASON, message, generation, now);
        return new Report(message, conditions, newly);
    }

    /** A problem in the status, which is this operator's to rewrite; any other field is the user's. */
    public static boolean isStatus(ReadProblem problem) {
        return problem.field().startsWith("status.");
    }

    /** The conditions of an object that is read whole again: no {@value #READABLE} condition. */
    public static List<Condition> readable(List<Condition> conditions) {
        return Conditions.find(conditions, READABLE).isPresent() ? Conditions.remove(conditions, READABLE) : conditions;
    }
}
