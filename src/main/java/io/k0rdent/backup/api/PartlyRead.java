package io.k0rdent.backup.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A kind of this operator's whose objects remember which of their fields could not be read. An object with such fields
 * is held: reported on itself and not acted on until a change makes it readable. (A ManagementBackup's pre-upgrade
 * backup is the exception: the upgrade watch still creates it from the fields it copies, which are always readable.)
 */
public interface PartlyRead {

    /** The fields that could not be read, in the order they came; empty for an object read whole. Never serialized. */
    List<ReadProblem> readProblems();

    void readProblems(List<ReadProblem> problems);

    /** Whether some field of this object could not be read. */
    default boolean hasReadProblems() {
        return !readProblems().isEmpty();
    }

    /** The fields that could not be read, for a message: {@code spec.a: reason; status.b: reason}. */
    default String describeReadProblems() {
        return readProblems().stream().map(ReadProblem::toString).collect(Collectors.joining("; "));
    }
}
