package io.instancelock.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/** How lock states are shown: table rows for people, JSON objects for scripts. */
final class StatusView {

    private static final String NONE = "-";

    private StatusView() {}

    /** An aligned table, one row per lock. */
    static void table(List<LockStatus> statuses, PrintWriter out) {
        Table table = new Table("ACCOUNT", "STATE", "PID", "HOST", "BROKER", "STARTED", "BOT", "REASON");
        for (LockStatus status : statuses) {
            LockRecord holder = status.holder();
            table.add(
                    status.account().value(),
                    status.state().label(),
                    holder == null ? NONE : Long.toString(holder.pid()),
                    holder == null ? NONE : holder.displayHost(),
                    holder == null ? NONE : holder.displayBroker(),
                    holder == null ? NONE : holder.displayCreatedAt(),
                    holder == null || holder.bot() == null
                            ? NONE
                            : Long.toString(holder.bot().pid()),
                    status.reason());
        }
        table.print(out);
    }

    /** One line for one account, e.g. {@code 123456: held by broker john, pid 4242 ... (reason)}. */
    static String line(LockStatus status) {
        // No lambda: status is the commonest command, and a JVM's first lambda costs it milliseconds.
        String who = status.holder() == null ? "" : " by " + status.holder().describe();
        return status.account() + ": " + status.state().label() + who + " (" + status.reason() + ")";
    }

    /** A JSON array of lock objects. */
    static void jsonArray(List<LockStatus> statuses, PrintWriter out) {
        write(out, json -> {
            json.writeStartArray();
            for (LockStatus status : statuses) {
                object(status, json);
            }
            json.writeEndArray();
        });
    }

    /** One JSON lock object. */
    static void jsonObject(LockStatus status, PrintWriter out) {
        write(out, json -> object(status, json));
    }

    /**
     * The contract keys {@code account_id, state, pid, hostname, broker_username, created_at} (null
     * when there is no readable record), then {@code bot_pid, reason, lock_file}.
     */
    private static void object(LockStatus status, JsonGenerator json) throws IOException {
        LockRecord holder = status.holder();
        json.writeStartObject();
        json.writeStringField("account_id", status.account().value());
        json.writeStringField("state", status.state().label());
        if (holder == null) {
            for (String field : new String[] {"pid", "hostname", "broker_username", "created_at", "bot_pid"}) {
                json.writeNullField(field);
            }
        } else {
            json.writeNumberField("pid", holder.pid());
            json.writeStringField("hostname", holder.hostname());
            json.writeStringField("broker_username", holder.brokerUsername());
            json.writeStringField("created_at", holder.displayCreatedAt());
            if (holder.bot() != null) {
                json.writeNumberField("bot_pid", holder.bot().pid());
            } else {
                json.writeNullField("bot_pid");
            }
        }
        json.writeStringField("reason", status.reason());
        json.writeStringField("lock_file", status.location());
        json.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static void write(PrintWriter out, Body body) {
        try (JsonGenerator json = Json.FACTORY.createGenerator(unclosable(out))) {
            json.useDefaultPrettyPrinter();
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON output", e);
        }
        out.println();
        out.flush();
    }

    /** Made on first JSON output only: the sentences and tables need none of Jackson. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private static Writer unclosable(PrintWriter out) {
        return new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                out.write(buffer, offset, length);
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }
}
