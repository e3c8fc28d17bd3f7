package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountIdTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "123456",
                "a",
                "Combine-50K_1.2",
                "_x",
                "-x",
                "x.",
                "-",
                "0",
                "A234567890123456789012345678901234567890123456789012345678901234"
            })
    void acceptsIdsMadeOfSafeCharacters(String value) {
        // when
        AccountId id = AccountId.of(value);
        // then
        assertThat(id.value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "12 34",
                "../etc",
                "..",
                ".hidden",
                "a/b",
                "a\\b",
                "nul\u0000",
                "kontó",
                "tab\t",
                "é",
                "A:B",
                "~x",
                "A2345678901234567890123456789012345678901234567890123456789012345"
            })
    void rejectsUnsafeIdsWithAMessageThatSaysWhatIsAllowed(String value) {
        assertThatThrownBy(() -> AccountId.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid account id")
                .hasMessageContaining(AccountId.RULE);
    }

    @Test
    void rejectsAHugeIdWithoutEchoingItWhole() {
        // given
        String huge = "9".repeat(10_000);
        // then
        assertThatThrownBy(() -> AccountId.of(huge))
                .hasMessageContaining("10000 characters")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void rejectsAMissingId() {
        assertThatThrownBy(() -> AccountId.of(null)).hasMessageContaining(AccountId.RULE);
    }

    @Test
    void escapesControlCharactersInTheMessage() {
        assertThatThrownBy(() -> AccountId.of("\u001b[2Jx"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }
}
