package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.KubernetesNames;

/** How occurrences of events map to Event objects: counted per identical event, in bounded memory, with valid names. */
class EventAggregationTest {

    static final Instant T0 = Instant.parse("2026-01-17T18:00:00Z");
    static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    @Test
    void theFirstOccurrenceCreatesAndTheNextOnesCountOnTheSameObject() {
        EventAggregation aggregation = new EventAggregation(10);
        EventAggregation.Write first = aggregation.occurred(key("nightly", "BackupFailed"), T0);
        EventAggregation.Write second = aggregation.occurred(key("nightly", "BackupFailed"), T0.plusSeconds(60));
        EventAggregation.Write third = aggregation.occurred(key("nightly", "BackupFailed"), T0.plusSeconds(120));

        assertThat(first.creates()).isTrue();
        assertThat(second.creates()).isFalse();
        assertThat(third).isEqualTo(new EventAggregation.Write(first.name(), 3, T0, T0.plusSeconds(120)));
    }

    @Test
    void aRestartedEventIsANewObjectCountingFromOne() {
        EventAggregation aggregation = new EventAggregation(10);
        EventAggregation.Write first = aggregation.occurred(key("nightly", "BackupFailed"), T0);
        aggregation.occurred(key("nightly", "BackupFailed"), T0.plusSeconds(1));

        EventAggregation.Write restarted = aggregation.restart(key("nightly", "BackupFailed"), T0.plus(Duration.ofHours(2)));

        assertThat(restarted.creates()).isTrue();
        assertThat(restarted.name()).isNotEqualTo(first.name());
        assertThat(aggregation.occurred(key("nightly", "BackupFailed"), T0.plus(Duration.ofHours(3))).count()).isEqualTo(2);
    }

    @Test
    void aForgottenEventStartsAgain() {
        EventAggregation aggregation = new EventAggregation(10);
        aggregation.occurred(key("nightly", "BackupFailed"), T0);
        aggregation.forget(key("nightly", "BackupFailed"));
        assertThat(aggregation.occurred(key("nightly", "BackupFailed"), T0.plusSeconds(1)).creates()).isTrue();
    }

    @Test
    void onlyTheMostRecentlySeenEventsAreRemembered() {
        EventAggregation aggregation = new EventAggregation(2);
        aggregation.occurred(key("a", "R"), T0);
        aggregation.occurred(key("b", "R"), T0);
        aggregation.occurred(key("a", "R"), T0.plusSeconds(1));
        aggregation.occurred(key("c", "R"), T0.plusSeconds(2));

        assertThat(aggregation.size()).isEqualTo(2);
        // b was the least recently seen: it starts a new object; a is still counted
        assertThat(aggregation.occurred(key("a", "R"), T0.plusSeconds(3)).count()).isEqualTo(3);
        assertThat(aggregation.occurred(key("b", "R"), T0.plusSeconds(4)).count()).isEqualTo(1);
    }

    @Test
    void namesAreValidObjectNamesAndDistinctForDistinctEventsAtOneInstant() {
        EventAggregation aggregation = new EventAggregation(10);
        String longest = "a".repeat(KubernetesNames.MAX_NAME - 10) + ".b-c-d-e-f";
        String one = aggregation.occurred(key(longest, "BackupFailed"), T0).name();
        String other = aggregation.occurred(key(longest, "BackupSkipped"), T0).name();
        String shortName = aggregation.occurred(key("nightly", "BackupFailed"), T0).name();

        assertThat(one).hasSizeLessThanOrEqualTo(KubernetesNames.MAX_NAME).matches(DNS_SUBDOMAIN).isNotEqualTo(other);
        assertThat(other).hasSizeLessThanOrEqualTo(KubernetesNames.MAX_NAME).matches(DNS_SUBDOMAIN);
        // as client-go names them: the object's name, a dot, then hexadecimal digits
        assertThat(shortName).matches("nightly\\.[0-9a-f]+");
    }

    @Test
    void aNameEndsInTheTimeAndEightHexadecimalDigitsOfTheKeyEvenWhenItsHashIsShort() {
        EventAggregation.Key small = IntStream.range(0, 10_000).mapToObj(i -> key("nightly-" + i, "BackupFailed"))
                .filter(k -> Integer.toHexString(k.hashCode()).length() < 8).findFirst().orElseThrow();
        EventAggregation.Key large = IntStream.range(0, 10_000).mapToObj(i -> key("nightly-" + i, "BackupFailed"))
                .filter(k -> Integer.toHexString(k.hashCode()).length() == 8).findFirst().orElseThrow();

        for (EventAggregation.Key key : List.of(small, large)) {
            String time = Long.toHexString(T0.getEpochSecond() * 1_000_000_000L);
            assertThat(new EventAggregation(10).occurred(key, T0).name())
                    .isEqualTo(key.name() + "." + time + String.format("%08x", key.hashCode()));
        }
    }

    static EventAggregation.Key key(String name, String reason) {
        return new EventAggregation.Key(null, "k0rdent.mirantis.com/v1beta1", "ManagementBackup", name, "uid-" + name,
                "Warning", reason, "message", EventRecorder.COMPONENT);
    }
}
