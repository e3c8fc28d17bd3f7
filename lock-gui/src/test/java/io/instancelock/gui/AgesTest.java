package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class AgesTest {

    @Test
    void durationsShowTheirTwoLargestUnits() {
        assertThat(Ages.of(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Ages.of(Duration.ofMinutes(12).plusSeconds(59))).isEqualTo("12m");
        assertThat(Ages.of(Duration.ofMinutes(125))).isEqualTo("2h 05m");
        assertThat(Ages.of(Duration.ofHours(74))).isEqualTo("3d 02h");
    }

    @Test
    void aClockSetBackShowsNoAgeRatherThanANegativeOne() {
        assertThat(Ages.of(Duration.ofMinutes(-3))).isEqualTo("0s");
    }

    @Test
    void sinceShowsTheTimeTodayAndTheDateOnEarlierDays() {
        LocalDateTime start = LocalDateTime.of(2025, 11, 9, 14, 30, 0);

        assertThat(Ages.since(start, start.plusMinutes(125))).isEqualTo("14:30, 2h 05m");
        assertThat(Ages.since(start, start.plusHours(74))).isEqualTo("Nov 9 14:30, 3d 02h");
    }
}
