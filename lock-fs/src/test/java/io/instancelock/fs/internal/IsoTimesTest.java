package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-read record times agree with java.time's parsers on every input, valid or not. */
class IsoTimesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-11-09T14:30:00",
                "2025-11-09T14:30:00.5",
                "2025-11-09T14:30:00.123456",
                "2025-11-09T14:30:00.123456789",
                "2024-02-29T23:59:59",
                "0001-01-01T00:00:00",
                "9999-12-31T23:59:59.999999999",
                "2025-11-09T14:30",
                "2025-11-09T14:30:00.",
                "+12025-11-09T14:30:00"
            })
    void validLocalTimesReadAsJavaTimeReadsThem(String text) {
        assertThat(IsoTimes.localDateTime(text)).isEqualTo(LocalDateTime.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-02-29T14:30:00",
                "2025-11-31T14:30:00",
                "2025-13-09T14:30:00",
                "2025-11-09T24:00:00",
                "2025-11-09T14:60:00",
                "2025-11-09T14:30:60",
                "2025-11-09T14:30:00.1234567890",
                "2025-11-09 14:30:00",
                "2025-11-0XT14:30:00",
                "2025-11-09T14:30:00Z",
                "2025-11-09T14:30:00+01:00",
                "２０２５-11-09T14:30:00",
                ""
            })
    void invalidLocalTimesFailAsJavaTimeFails(String text) {
        assertThatThrownBy(() -> LocalDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTimes.localDateTime(text)).isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-11-09T13:02:11.520Z",
                "2025-11-09T13:02:11Z",
                "2025-11-09T13:02:11.000000001Z",
                "2016-12-31T23:59:60Z",
                "2025-11-09T13:02:11+01:00",
                "2025-11-09T13:02:11.Z",
                "1970-01-01T00:00:00Z"
            })
    void validInstantsReadAsJavaTimeReadsThem(String text) {
        assertThat(IsoTimes.instant(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"2025-11-09T13:02:11", "2025-02-30T13:02:11Z", "2025-11-09T13:02:11.1234567890Z", "Z", "z", ""})
    void invalidInstantsFailAsJavaTimeFails(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTimes.instant(text)).isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-11-09T13:02:11Z",
                "2025-11-09T13:02:11.520Z",
                "2025-11-09T13:02:11.500Z",
                "2025-11-09T13:02:11.000001Z",
                "2025-11-09T13:02:11.123456Z",
                "2025-11-09T13:02:11.000000001Z",
                "2025-11-09T13:02:11.123456789Z",
                "1970-01-01T00:00:00Z",
                "0999-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z"
            })
    void instantsAreWrittenAsInstantToStringWritesThem(String text) {
        Instant instant = Instant.parse(text);
        assertThat(IsoTimes.text(instant)).isEqualTo(instant.toString());
    }
}
