package io.k0rdent.backup.api;

/**
 * A field of an object that the operator's model could not hold, such as an integer past the range of its Java type or
 * a value of a newer version: the field is left unset and the rest of the object is read.
 *
 * @param field where, as {@code kubectl explain} names it ({@code spec.retention.keepLast},
 * {@code status.conditions[0].observedGeneration})
 * @param reason why it could not be read, in words
 */
public record ReadProblem(String field, String reason) {

    /** How the problem reads in a message: {@code spec.retention.keepLast: <reason>}. */
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
