package io.instancelock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverTheSortedValues() {
        // given 1..1000 µs in reverse order
        Latencies latencies = Latencies.of(
                LongStream.rangeClosed(1, 1000).map(i -> (1001 - i) * 1000).toArray());

        // then
        assertThat(latencies.p50()).isEqualTo(500_000);
        assertThat(latencies.p99()).isEqualTo(990_000);
        assertThat(latencies.max()).isEqualTo(1_000_000);
        assertThat(latencies.count()).isEqualTo(1000);
    }

    @Test
    void aSingleOutlierShowsInTheMaximumButNotInTheMedian() {
        // given 99 fast hand-overs and one slow one
        long[] nanos = LongStream.concat(LongStream.generate(() -> 100_000).limit(99), LongStream.of(50_000_000))
                .toArray();

        // when
        Latencies latencies = Latencies.of(nanos);

        // then
        assertThat(latencies.p50()).isEqualTo(100_000);
        assertThat(latencies.p99()).isEqualTo(100_000);
        assertThat(latencies.max()).isEqualTo(50_000_000);
        assertThat(latencies.describe()).isEqualTo("0.100 / 0.100 / 50.000 ms");
    }

    @Test
    void noMeasurementIsAnError() {
        assertThatThrownBy(Latencies::of)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no latencies were measured");
    }

    @Test
    void theCallersArrayIsNotReordered() {
        long[] nanos = {3, 1, 2};

        Latencies.of(nanos);

        assertThat(nanos).containsExactly(3, 1, 2);
    }
}
