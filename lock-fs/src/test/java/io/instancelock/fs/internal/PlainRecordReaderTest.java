package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.spi.SlotContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plain record reader reads exactly what Jackson reads, or leaves the bytes to Jackson. */
class PlainRecordReaderTest {

    @Test
    void readsTheRecordsLockFsWritesAsJacksonDoes() throws IOException {
        // given
        byte[] bytes = RecordCodec.encode(RecordCodecTest.fullRecord());
        // when
        Map<String, Object> plain = PlainRecordReader.read(bytes);
        // then
        assertThat(plain).isNotNull().isEqualTo(RecordCodec.readFlatObjectWithJackson(bytes));
        assertThat(plain).containsEntry("pid", 4242L).containsEntry("broker_username", "john");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"account_id\": \"123456\", \"pid\": 4242, \"created_at\": \"2025-11-09T14:30:00\","
                        + " \"broker_username\": \"john\"}",
                "{\n  \"account_id\" : \"1\",\r\n\t\"pid\" : 1\n}\n",
                "{}",
                " { } ",
                "{\"a\":null,\"b\":-0,\"c\":-17,\"d\":999999999999999999}",
                "{\"a\":\"x\",\"a\":\"y\"}",
                "{\"retired\":\"2025-11-09T14:30:00Z\"}",
            })
    void readsPlainObjectsAsJacksonDoes(String json) throws IOException {
        // given
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        // when
        Map<String, Object> plain = PlainRecordReader.read(bytes);
        // then
        assertThat(plain).isNotNull().isEqualTo(RecordCodec.readFlatObjectWithJackson(bytes));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\":\"caf\u00e9\"}",
                "{\"name\":\"a\\\"b\"}",
                "{\"name\":\"a\\u0041\"}",
                "{\"name\":\"tab\there\"}",
                "{\"pid\":1.5}",
                "{\"pid\":1e3}",
                "{\"pid\":0123}",
                "{\"pid\":9223372036854775808}",
                "{\"pid\":1234567890123456789}",
                "{\"pid\":-}",
                "{\"on\":true}",
                "{\"bot\":{\"pid\":1}}",
                "{\"list\":[1,2]}",
                "{\"pid\":1,}",
                "{\"pid\":1} trailing",
                "{\"pid\":nullx}",
                "{\"pid\":nul}",
                "\uFEFF{\"pid\":1}",
                "[1]",
                "{\"pid\":1",
                "{\"pid\" 1}",
                "{\"pid\":1 /* comment */}",
                "\"text\"",
                "",
            })
    void leavesEverythingElseToJackson(String json) {
        // when
        Map<String, Object> plain = PlainRecordReader.read(json.getBytes(StandardCharsets.UTF_8));
        // then
        assertThat(plain).isNull();
    }

    @Test
    void aRecordWithASyntaxErrorIsStillUnreadableInJacksonsWords() {
        // given
        byte[] bytes = "{\"account_id\":\"1\",}".getBytes(StandardCharsets.UTF_8);
        // when
        SlotContent content = RecordCodec.decode(bytes, AccountId.of("1"));
        // then
        assertThat(content).isInstanceOf(SlotContent.Unreadable.class);
        assertThat(((SlotContent.Unreadable) content).reason()).startsWith("not valid JSON");
    }
}
