package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockRecord;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.SlotContent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordCodecTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");

    private static SlotContent decode(String json) {
        return RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), ACCOUNT);
    }

    @Test
    void ownRecordSurvivesARoundTrip() {
        // given
        LockRecord record = fullRecord();
        // when
        SlotContent decoded = RecordCodec.decode(RecordCodec.encode(record), ACCOUNT);
        // then
        assertThat(decoded).isEqualTo(new SlotContent.Present(record));
    }

    /** A record with every field lock-fs writes, a bot included. */
    static LockRecord fullRecord() {
        return new LockRecord(
                ACCOUNT,
                4242,
                LocalDateTime.parse("2025-11-09T14:30:00"),
                "john",
                "trading-pc",
                Instant.parse("2025-11-09T13:00:00.250Z"),
                "linux:6f1c:1234",
                new BotProcess(4343, Instant.parse("2025-11-09T14:30:01Z"), "linux:6f1c:5678", 4343),
                RecordOrigin.INSTANCE_LOCK);
    }

    private static LockRecord withBot(BotProcess bot) {
        return new LockRecord(
                ACCOUNT,
                4242,
                LocalDateTime.parse("2025-11-09T14:30:00"),
                "john",
                "trading-pc",
                null,
                null,
                bot,
                RecordOrigin.INSTANCE_LOCK);
    }

    @Test
    void botThatDiesWithItsHolderSurvivesARoundTripAsAnExtraKey() {
        // given
        LockRecord record = withBot(new BotProcess(4343, null, null, 4343, true));
        // when
        byte[] encoded = RecordCodec.encode(record);
        // then
        assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"bot_dies_with_holder\" : true");
        assertThat(RecordCodec.decode(encoded, ACCOUNT)).isEqualTo(new SlotContent.Present(record));
    }

    @Test
    void botThatDoesNotDieWithItsHolderWritesNoKeyAndReadsBackTheSame() {
        LockRecord record = withBot(new BotProcess(4343, null, null, 4343, false));
        byte[] encoded = RecordCodec.encode(record);
        assertThat(new String(encoded, StandardCharsets.UTF_8)).doesNotContain("bot_dies_with_holder");
        assertThat(RecordCodec.decode(encoded, ACCOUNT)).isEqualTo(new SlotContent.Present(record));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ", \"bot_dies_with_holder\": false",
                ", \"bot_dies_with_holder\": \"true\"",
                ", \"bot_dies_with_holder\": 1",
                ", \"bot_dies_with_holder\": null"
            })
    void recordWithoutATrueDiesWithHolderKeyReadsAsABotThatOutlivesItsHolder(String extra) {
        SlotContent decoded = decode("{\"account_id\": \"123456\", \"pid\": 4242, \"created_at\": "
                + "\"2025-11-09T14:30:00\", \"bot_pid\": 4343" + extra + ", \"writer\": \"instance-lock\"}");
        BotProcess bot = ((SlotContent.Present) decoded).record().bot();
        assertThat(bot.pid()).isEqualTo(4343);
        assertThat(bot.diesWithHolder()).isFalse();
    }

    @Test
    void olderLaunchersFourFieldsWithExtrasAreRead() {
        SlotContent decoded = decode("{\"account_id\": \"123456\", \"pid\": 12345, \"created_at\": "
                + "\"2025-11-09T14:30:00.123456\", \"broker_username\": \"john_topstep\", \"strategy\": {\"name\": \"ES\"}, "
                + "\"tags\": [1, 2], \"paper\": true}");
        LockRecord record = ((SlotContent.Present) decoded).record();
        assertThat(record.origin()).isEqualTo(RecordOrigin.OLDER_LAUNCHER);
        assertThat(record.pid()).isEqualTo(12345);
        assertThat(record.brokerUsername()).isEqualTo("john_topstep");
        assertThat(record.createdAt()).isEqualTo(LocalDateTime.parse("2025-11-09T14:30:00.123456"));
    }

    @Test
    void retirementMarkerOfAnEarlierBuildReadsAsNoRecord() {
        assertThat(decode("{\"retired\": \"t-1\"}")).isEqualTo(new SlotContent.Absent());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"account_id\": \"123456\", \"pid\": \"12345\", \"created_at\": \"2025-11-09T14:30:00\"}",
                "{\"account_id\": \"123456\", \"pid\": 99999999999999999999999, \"created_at\": \"2025-11-09T14:30:00\"}",
                "{\"account_id\": \"123456\", \"pid\": 12.5, \"created_at\": \"2025-11-09T14:30:00\"}",
                "{\"account_id\": \"123456\", \"pid\": 12345, \"created_at\": \"2025-11-09T14:30:00\"} trailing",
                "{\"account_id\": \"123456\", \"pid\": 12345, \"created_at\": \"2025-11-09T14:30:00\"",
                "{\"account_id\": 123456, \"pid\": 12345, \"created_at\": \"2025-11-09T14:30:00\"}",
                "{\"retired\": \"t-1\", \"pid\": 1}",
                "\"just a string\""
            })
    void anythingElseIsUnreadableWithAReason(String json) {
        SlotContent decoded = decode(json);
        assertThat(decoded)
                .isInstanceOfSatisfying(
                        SlotContent.Unreadable.class,
                        u -> assertThat(u.reason()).isNotBlank());
    }

    private static LockRecord recordWith(String broker, String host, String startKey, BotProcess bot) {
        return new LockRecord(
                ACCOUNT,
                4242,
                LocalDateTime.parse("2025-11-09T14:30:05"),
                broker,
                host,
                Instant.parse("2025-11-09T13:00:00.250Z"),
                startKey,
                bot,
                RecordOrigin.INSTANCE_LOCK);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "john_topstep",
                "",
                "a b~c!{}[]:,/",
                "quote\"inside",
                "back\\slash",
                "tab\there",
                "new\nline",
                "nul\u0000",
                "del\u007f",
                "caf\u00e9",
                "\u65e5\u672c",
                "emoji \ud83d\ude00"
            })
    void writesTheBytesOfTheGenerator(String text) {
        BotProcess[] bots = {
            null,
            new BotProcess(4343, null, null, 0),
            new BotProcess(4343, Instant.parse("2025-11-09T14:30:01.040Z"), "linux:6f1c:5678", 4343, true),
            new BotProcess(4343, Instant.parse("2025-11-09T14:30:01Z"), text, 0, false)
        };
        for (BotProcess bot : bots) {
            for (LockRecord record : new LockRecord[] {
                recordWith(text, "trading-pc", "linux:6f1c:1234", bot),
                recordWith("john", text, null, bot),
                recordWith("john", null, text, bot),
                recordWith(null, "host", null, bot)
            }) {
                assertThat(new String(RecordCodec.encode(record), StandardCharsets.UTF_8))
                        .isEqualTo(new String(RecordCodec.encodeWithGenerator(record), StandardCharsets.UTF_8));
                assertThat(RecordCodec.encode(record)).isEqualTo(RecordCodec.encodeWithGenerator(record));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-11-09T14:30:00",
                "2025-01-01T00:00:00",
                "1999-12-31T23:59:59",
                "2025-11-09T14:30:05.5",
                "2025-11-09T14:30:05.000000001",
                "0999-01-01T00:00:00",
                "+10000-01-01T00:00:00",
                "-0001-01-01T00:00:00"
            })
    void writesLocalTimesAsTheIsoFormatterDoes(String text) {
        LocalDateTime time = LocalDateTime.parse(text);
        assertThat(RecordCodec.PlainWriter.localDateTime(time))
                .isEqualTo(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time));
    }
}
