package io.k0rdent.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest(name = "\"{0}\" = {1} ns")
    @CsvSource(delimiter = '|', textBlock = """
            0                          | 0
            +0                         | 0
            -0                         | 0
            0s                         | 0
            00h                        | 0
            100ns                      | 100
            2us                        | 2000
            2\u00b5s                        | 2000
            2\u03bcs                        | 2000
            5ms                        | 5000000
            5s                         | 5000000000
            30m                        | 1800000000000
            2h                         | 7200000000000
            1h30m                      | 5400000000000
            1.5h                       | 5400000000000
            .5s                        | 500000000
            1.s                        | 1000000000
            +5m                        | 300000000000
            -1.5h                      | -5400000000000
            1h1m1s1ms1us1ns            | 3661001001001
            1.0000000009s              | 1000000000
            0.5ns0.5ns                 | 0
            2562047h47m16.854775807s   | 9223372036854775807
            -2562047h47m16.854775808s  | -9223372036854775808
            """)
    void acceptsWhatGoAccepts(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "\"{0}\" rejected: {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''                         | it is empty
            1                          | missing unit after 1
            00                         | missing unit after 00
            1x                         | unknown unit "x"
            h                          | expected a number at "h"
            '1h 30m'                   | spaces are not allowed
            ' 1h'                      | expected a number
            '1h '                      | unknown unit "h "
            1H                         | unknown unit "H"
            1e3s                       | unknown unit "e"
            +                          | no number after the sign
            -                          | no number after the sign
            .                          | expected a number at "."
            .s                         | expected a number at ".s"
            1h-30m                     | unknown unit "h-"
            2562047h47m16.854775808s   | out of range
            """)
    void rejectsWhatGoRejectsWithAReason(String text, String reason) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid duration \"" + text + "\": ")
                .hasMessageContaining(reason);
    }
}
