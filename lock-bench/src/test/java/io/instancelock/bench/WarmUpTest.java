package io.instancelock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    private final WarmUp rule = new WarmUp(200, 500, 5, 2_000);

    @Test
    void looksAtTheCompilersAfterTheMinimumAndThenAfterEachBlock() {
        assertThat(rule.looksAfter(199)).isFalse();
        assertThat(rule.looksAfter(200)).isTrue();
        assertThat(rule.looksAfter(450)).isFalse();
        assertThat(rule.looksAfter(700)).isTrue();
        assertThat(rule.looksAfter(1200)).isTrue();
    }

    @Test
    void aBlockIsQuietOnlyWhenEveryJvmCompiledAtMostTheLimit() {
        // given two JVMs at 100 and 300 ms of compilation
        long[] before = {100, 300};

        // then
        assertThat(rule.quiet(before, new long[] {105, 300})).isTrue();
        assertThat(rule.quiet(before, new long[] {105, 306})).isFalse();
        assertThat(rule.quiet(before, new long[] {140, 300})).isFalse();
    }

    @Test
    void aJvmThatDoesNotMeasureCompilationIsNeverQuiet() {
        assertThat(rule.quiet(new long[] {-1, 300}, new long[] {-1, 300})).isFalse();
    }

    @Test
    void warmUpEndsAfterAQuietBlockOrAtTheLimit() {
        // a quiet look at the minimum has no block before it to compare with
        assertThat(rule.done(200, true)).isFalse();
        assertThat(rule.done(700, false)).isFalse();
        assertThat(rule.done(700, true)).isTrue();
        // busy compilers end the warm-up only at the limit
        assertThat(rule.done(1_700, false)).isFalse();
        assertThat(rule.done(2_000, false)).isTrue();
    }

    @Test
    void aSmokeRunDoesNotWaitForTheCompilers() {
        assertThat(WarmUp.QUICK.waitsForCompilers()).isFalse();
        assertThat(WarmUp.QUICK.done(WarmUp.QUICK.minRounds(), false)).isTrue();
        assertThat(WarmUp.FULL.waitsForCompilers()).isTrue();
    }

    @Test
    void aLimitBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> new WarmUp(200, 500, 5, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("200 to 100 rounds");
    }
}
