package io.k0rdent.backup.api;

import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;

/** What the status of each of this operator's kinds says about its problems: {@code error} and the conditions. */
public interface ReportedStatus {

    String getError();

    List<Condition> getConditions();
}
