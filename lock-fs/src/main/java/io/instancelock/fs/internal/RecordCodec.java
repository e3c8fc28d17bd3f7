package io.instancelock.fs.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instancelock.core.AccountId;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockRecord;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.SlotContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes lock files: UTF-8 JSON with the older launcher's four fields
 * ({@code account_id}, {@code pid}, {@code created_at}, {@code broker_username}) plus instance-lock's
 * own. A file being released holds a retirement marker instead: {@code {"retired": "<token>"}}.
 */
final class RecordCodec {

    static final String WRITER = "instance-lock";
    static final String EMPTY = "the file is empty: left by a crash, or being created this instant";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private RecordCodec() {}

    /** What a lock file holds: a {@link SlotContent}, or the marker of a release in progress. */
    sealed interface Decoded permits Decoded.Content, Decoded.Retired {
        record Content(SlotContent content) implements Decoded {}

        record Retired(String token) implements Decoded {}
    }

    static byte[] encode(LockRecord record) {
        return write(json -> {
            json.writeStringField("account_id", record.accountId().value());
            json.writeNumberField("pid", record.pid());
            json.writeStringField("created_at", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(record.createdAt()));
            json.writeStringField("broker_username", record.brokerUsername());
            json.writeStringField("hostname", record.hostname());
            if (record.processStartedAt() != null) {
                json.writeStringField("process_started_at", record.processStartedAt().toString());
            }
            if (record.bot() != null) {
                json.writeNumberField("bot_pid", record.bot().pid());
                if (record.bot().startedAt() != null) {
                    json.writeStringField("bot_started_at", record.bot().startedAt().toString());
                }
            }
            json.writeStringField("writer", WRITER);
        });
    }

    static byte[] encodeRetired(String token) {
        return write(json -> json.writeStringField("retired", token));
    }

    /** Decodes a lock file's bytes; anything that is not a valid record for {@code account} is unreadable. */
    static Decoded decode(byte[] bytes, AccountId account) {
        if (bytes.length == 0) {
            return unreadable(EMPTY);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            return unreadable("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return unreadable("not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return unreadable("not a JSON object");
        }
        if (root.path("retired").isTextual() && root.size() == 1) {
            return new Decoded.Retired(root.get("retired").asText());
        }
        try {
            return new Decoded.Content(new SlotContent.Present(toRecord(root, account)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return unreadable(e.getMessage());
        }
    }

    private static LockRecord toRecord(JsonNode root, AccountId account) {
        String id = requiredText(root, "account_id");
        if (!id.equals(account.value())) {
            throw new IllegalArgumentException("it names account '" + id + "', not " + account);
        }
        JsonNode pid = root.get("pid");
        if (pid == null || !pid.canConvertToLong() || pid.asLong() <= 0) {
            throw new IllegalArgumentException("field 'pid' is missing or not a positive number");
        }
        LocalDateTime created = LocalDateTime.parse(requiredText(root, "created_at"));
        boolean ours = WRITER.equals(root.path("writer").asText(null));
        BotProcess bot = root.path("bot_pid").canConvertToLong() && root.get("bot_pid").asLong() > 0
                ? new BotProcess(root.get("bot_pid").asLong(), instant(root, "bot_started_at"))
                : null;
        return new LockRecord(account, pid.asLong(), created, text(root, "broker_username"), text(root, "hostname"),
                instant(root, "process_started_at"), bot, ours ? RecordOrigin.INSTANCE_LOCK : RecordOrigin.OLDER_LAUNCHER);
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not text");
        }
        return node.asText();
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant instant(JsonNode root, String field) {
        String value = text(root, field);
        return value == null ? null : Instant.parse(value);
    }

    private static Decoded unreadable(String reason) {
        return new Decoded.Content(new SlotContent.Unreadable(reason));
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
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
}
