package io.k0rdent.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RestoreExclusionsTest {

    static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    static Stream<Arguments> cases() {
        List<String> defaults = RestoreExclusions.DEFAULTS;
        return Stream.of(
                Arguments.of(List.of(), null, defaults),
                Arguments.of(List.of("infrastructure-aws", "bootstrap-k0sproject-k0smotron"), List.of(), defaults),
                Arguments.of(List.of("infrastructure-azure"), null, concat(defaults, RestoreExclusions.AZURE)),
                Arguments.of(List.of("infrastructure-vsphere"), null, concat(defaults, RestoreExclusions.VSPHERE)),
                // Azure before vSphere whatever order the backup lists them in
                Arguments.of(List.of("infrastructure-vsphere", "infrastructure-azure"), null,
                        concat(concat(defaults, RestoreExclusions.AZURE), RestoreExclusions.VSPHERE)),
                // a provider that merely starts like Azure's is another provider
                Arguments.of(List.of("infrastructure-azure-aks"), null, defaults),
                // the user's own, sorted, trimmed, each once, never repeating a default
                Arguments.of(List.of(), List.of("z.example.com", "events", " a.example.com ", "z.example.com"),
                        concat(defaults, List.of("a.example.com", "z.example.com"))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exclusionsAreDefaultsThenCaveatsThenUserAdditions(List<String> providers, List<String> user, List<String> expected) {
        assertThat(RestoreExclusions.of(providers, user)).containsExactlyElementsOf(expected);
    }
}
