package io.instancelock.fs.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.instancelock.core.AccountId;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockRecord;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.SlotContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and writes lock files: UTF-8 JSON with the older launcher's four fields
 * ({@code account_id}, {@code pid}, {@code created_at}, {@code broker_username}) plus instance-lock's
 * own (each optional; {@code bot_dies_with_holder} is written only when true, and anything but
 * {@code true} reads as false). Files of earlier builds may hold a retirement marker, {@code {"retired": "<token>"}}, which
 * reads as no record.
 */
final class RecordCodec {

    static final String WRITER = "instance-lock";
    static final String EMPTY = "the file is empty: left by a crash, or being created this instant";

    /** Made on first use: a holder that writes and removes only its own records never needs the parser. */
    private static final class Jackson {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private RecordCodec() {}

    /**
     * Encodes a record as Jackson's default pretty printer lays it out. A record whose texts are all
     * printable ASCII (every record instance-lock writes, in practice) is written by hand, byte for byte
     * what the generator would write: the generator costs a hand-over more than the rest of the write
     * while the JIT has not compiled it yet (see {@code docs/benchmarks.md}). Any other text goes through
     * the generator, which escapes it.
     */
    static byte[] encode(LockRecord record) {
        byte[] plain = PlainWriter.encode(record);
        return plain != null ? plain : encodeWithGenerator(record);
    }

    /** The generator's encoding; {@link #encode} writes the same bytes when it can do so by hand. */
    static byte[] encodeWithGenerator(LockRecord record) {
        return write(json -> {
            json.writeStringField("account_id", record.accountId().value());
            json.writeNumberField("pid", record.pid());
            json.writeStringField("created_at", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(record.createdAt()));
            json.writeStringField("broker_username", record.brokerUsername());
            json.writeStringField("hostname", record.hostname());
            if (record.processStartedAt() != null) {
                json.writeStringField(
                        "process_started_at", record.processStartedAt().toString());
            }
            if (record.processStartKey() != null) {
                json.writeStringField("process_start_key", record.processStartKey());
            }
            if (record.bot() != null) {
                json.writeNumberField("bot_pid", record.bot().pid());
                if (record.bot().startedAt() != null) {
                    json.writeStringField(
                            "bot_started_at", record.bot().startedAt().toString());
                }
                if (record.bot().startKey() != null) {
                    json.writeStringField("bot_start_key", record.bot().startKey());
                }
                if (record.bot().hasGroup()) {
                    json.writeNumberField("bot_process_group", record.bot().processGroup());
                }
                if (record.bot().diesWithHolder()) {
                    json.writeBooleanField("bot_dies_with_holder", true);
                }
            }
            json.writeStringField("writer", WRITER);
        });
    }

    /** Decodes a lock file's bytes; anything that is not a valid record for {@code account} is unreadable. */
    static SlotContent decode(byte[] bytes, AccountId account) {
        if (bytes.length == 0) {
            return unreadable(EMPTY);
        }
        Map<String, Object> fields;
        try {
            fields = readFlatObject(bytes);
        } catch (JsonProcessingException e) {
            return unreadable("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return unreadable("not valid JSON");
        }
        if (fields == null) {
            return unreadable("not a JSON object");
        }
        if (fields.size() == 1 && fields.get("retired") instanceof String) {
            return new SlotContent.Absent();
        }
        try {
            return new SlotContent.Present(toRecord(fields, account));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return unreadable(e.getMessage());
        }
    }

    /**
     * Reads the top-level fields of a JSON object with the streaming parser (no object mapper: it costs
     * hundreds of classes to load, on the path of every hand-over): strings as {@link String}, whole
     * numbers as {@link Long}, {@code null} as null, anything else as a {@link JsonToken}. Returns null
     * when the document is not an object.
     */
    private static Map<String, Object> readFlatObject(byte[] bytes) throws IOException {
        Map<String, Object> plain = PlainRecordReader.read(bytes);
        return plain != null ? plain : readFlatObjectWithJackson(bytes);
    }

    /** {@link #readFlatObject} through Jackson alone; tests compare {@link PlainRecordReader} with it. */
    static Map<String, Object> readFlatObjectWithJackson(byte[] bytes) throws IOException {
        try (JsonParser json = Jackson.FACTORY.createParser(bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, Object> fields = new HashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (value) {
                    case VALUE_STRING -> fields.put(name, json.getText());
                    case VALUE_NUMBER_INT ->
                        fields.put(
                                name,
                                json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                        ? value
                                        : json.getLongValue());
                    case VALUE_NULL -> fields.put(name, null);
                    default -> {
                        json.skipChildren();
                        fields.put(name, value);
                    }
                }
            }
            if (json.nextToken() != null) {
                throw new JsonParseException(json, "content after the end of the object");
            }
            return fields;
        }
    }

    private static LockRecord toRecord(Map<String, Object> fields, AccountId account) {
        String id = requiredText(fields, "account_id");
        if (!id.equals(account.value())) {
            throw new IllegalArgumentException("it names account '" + id + "', not " + account);
        }
        long pid = positiveNumber(fields, "pid");
        if (pid <= 0) {
            throw new IllegalArgumentException("field 'pid' is missing or not a positive number");
        }
        LocalDateTime created = IsoTimes.localDateTime(requiredText(fields, "created_at"));
        boolean ours = WRITER.equals(fields.get("writer"));
        long botPid = positiveNumber(fields, "bot_pid");
        long botGroup = positiveNumber(fields, "bot_process_group");
        BotProcess bot = botPid > 0
                ? new BotProcess(
                        botPid,
                        instant(fields, "bot_started_at"),
                        text(fields, "bot_start_key"),
                        botGroup,
                        fields.get("bot_dies_with_holder") == JsonToken.VALUE_TRUE)
                : null;
        return new LockRecord(
                account,
                pid,
                created,
                text(fields, "broker_username"),
                text(fields, "hostname"),
                instant(fields, "process_started_at"),
                ours ? text(fields, "process_start_key") : null,
                bot,
                ours ? RecordOrigin.INSTANCE_LOCK : RecordOrigin.OLDER_LAUNCHER);
    }

    private static String requiredText(Map<String, Object> fields, String field) {
        if (fields.get(field) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("field '" + field + "' is missing or not text");
    }

    /** The field's value when it is a positive whole number, else 0. */
    private static long positiveNumber(Map<String, Object> fields, String field) {
        return fields.get(field) instanceof Long number && number > 0 ? number : 0;
    }

    private static String text(Map<String, Object> fields, String field) {
        Object value = fields.get(field);
        return value == null ? null : value.toString();
    }

    private static Instant instant(Map<String, Object> fields, String field) {
        return fields.get(field) instanceof String value ? IsoTimes.instant(value) : null;
    }

    private static SlotContent unreadable(String reason) {
        return new SlotContent.Unreadable(reason);
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Jackson.FACTORY.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
    /** Writes the generator's layout by hand; null when a text needs escaping (the generator does that). */
    static final class PlainWriter {
        private static final String EOL = System.getProperty("line.separator", "\n");

        private final StringBuilder out = new StringBuilder(384);
        private boolean first = true;

        static byte[] encode(LockRecord record) {
            PlainWriter json = new PlainWriter();
            json.out.append('{');
            if (!json.text("account_id", record.accountId().value())) {
                return null;
            }
            json.number("pid", record.pid());
            if (!json.text("created_at", localDateTime(record.createdAt()))
                    || !json.text("broker_username", record.brokerUsername())
                    || !json.text("hostname", record.hostname())) {
                return null;
            }
            if (record.processStartedAt() != null
                    && !json.text("process_started_at", instant(record.processStartedAt()))) {
                return null;
            }
            if (record.processStartKey() != null && !json.text("process_start_key", record.processStartKey())) {
                return null;
            }
            BotProcess bot = record.bot();
            if (bot != null) {
                json.number("bot_pid", bot.pid());
                if (bot.startedAt() != null && !json.text("bot_started_at", IsoTimes.text(bot.startedAt()))) {
                    return null;
                }
                if (bot.startKey() != null && !json.text("bot_start_key", bot.startKey())) {
                    return null;
                }
                if (bot.hasGroup()) {
                    json.number("bot_process_group", bot.processGroup());
                }
                if (bot.diesWithHolder()) {
                    json.name("bot_dies_with_holder");
                    json.out.append("true");
                }
            }
            json.text("writer", WRITER);
            json.out.append(EOL).append('}').append('\n');
            return json.out.toString().getBytes(StandardCharsets.US_ASCII);
        }

        /** The last instant written and its text: a holder writes its own process start again and again. */
        private static volatile Object[] lastInstant = {Instant.EPOCH, IsoTimes.text(Instant.EPOCH)};

        private static String instant(Instant instant) {
            Object[] last = lastInstant;
            if (instant.equals(last[0])) {
                return (String) last[1];
            }
            String text = IsoTimes.text(instant);
            lastInstant = new Object[] {instant, text};
            return text;
        }

        /** {@code ISO_LOCAL_DATE_TIME}'s text; by hand for the whole seconds of a four-digit year that records hold. */
        static String localDateTime(LocalDateTime time) {
            int year = time.getYear();
            if (time.getNano() != 0 || year < 1000 || year > 9999) {
                return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
            }
            char[] text = new char[19];
            digits(text, 0, year, 4);
            text[4] = '-';
            digits(text, 5, time.getMonthValue(), 2);
            text[7] = '-';
            digits(text, 8, time.getDayOfMonth(), 2);
            text[10] = 'T';
            digits(text, 11, time.getHour(), 2);
            text[13] = ':';
            digits(text, 14, time.getMinute(), 2);
            text[16] = ':';
            digits(text, 17, time.getSecond(), 2);
            return new String(text);
        }

        private static void digits(char[] text, int at, int value, int width) {
            for (int i = at + width - 1; i >= at; i--) {
                text[i] = (char) ('0' + value % 10);
                value /= 10;
            }
        }

        private void name(String name) {
            out.append(first ? "" : ",").append(EOL).append("  \"").append(name).append("\" : ");
            first = false;
        }

        private void number(String name, long value) {
            name(name);
            out.append(value);
        }

        /** A text field (null is written as the generator writes it); false when the text is not plain. */
        private boolean text(String name, String value) {
            if (value == null) {
                name(name);
                out.append("null");
                return true;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            name(name);
            out.append('"').append(value).append('"');
            return true;
        }
    }
}
