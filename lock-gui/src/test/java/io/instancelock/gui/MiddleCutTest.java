package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MiddleCutTest {

    private static final String LONG = "Evaluation account - Trading Combine 150K - March 2025 (second attempt)";

    @Test
    void shortTextIsKeptWhole() {
        assertThat(MiddleCut.toLength("Combine 50K", 20)).isEqualTo("Combine 50K");
    }

    @Test
    void longTextKeepsItsStartAndItsEnd() {
        String cut = MiddleCut.toLength(LONG, 30);

        assertThat(cut)
                .hasSizeLessThanOrEqualTo(30)
                .startsWith("Evaluation acc")
                .endsWith("attempt)")
                .contains("…");
    }

    @Test
    void theIdIsNeverCut() {
        String cut = MiddleCut.nameWithId(LONG, "1234567890", 36, String::length);

        assertThat(cut).isEqualTo("Evaluation…nd attempt) · 1234567890");
        assertThat(MiddleCut.nameWithId(LONG, "1234567890", 5, String::length)).isEqualTo("… · 1234567890");
        assertThat(MiddleCut.nameWithId("777", "777", 36, String::length)).isEqualTo("777");
    }

    @Test
    void fittingUsesTheGivenWidthsSuchAsPixels() {
        // Wide letters count double: fewer of them fit.
        String cut = MiddleCut.fit(
                "WWWWWWWWWWiiiiiiiiii",
                20,
                text -> text.chars().map(c -> c == 'W' ? 2 : 1).sum());

        assertThat(cut).isEqualTo("WWWWWW…iiiiii");
    }
}
