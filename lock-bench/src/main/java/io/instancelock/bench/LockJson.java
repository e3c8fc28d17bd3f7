package io.instancelock.bench;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockRecord;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Lock file contents written by hand, in the layout lock-fs writes (pretty-printed JSON, one field a
 * line), so that the floors write and read as many bytes as the library does.
 */
final class LockJson {

    private LockJson() {}

    /** The JSON lock-fs writes for {@code record} (a record without a bot). */
    static byte[] of(LockRecord record) {
        StringBuilder json = new StringBuilder("{\n");
        field(json, "account_id", quoted(record.accountId().value()));
        field(json, "pid", Long.toString(record.pid()));
        field(json, "created_at", quoted(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(record.createdAt())));
        field(json, "broker_username", quoted(record.brokerUsername()));
        field(json, "hostname", quoted(record.hostname()));
        if (record.processStartedAt() != null) {
            field(json, "process_started_at", quoted(record.processStartedAt().toString()));
        }
        json.append("  \"writer\" : \"instance-lock\"\n}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A record of instance-lock whose holder (a dead {@code pid}) holds no OS lock: stale. */
    static byte[] abandoned(AccountId account, long pid) {
        return ("{\n  \"account_id\" : " + quoted(account.value()) + ",\n  \"pid\" : " + pid
                        + ",\n  \"created_at\" : \"" + LocalDateTime.now().withNano(0) + "\",\n"
                        + "  \"broker_username\" : \"bench_broker\",\n  \"hostname\" : \"localhost\",\n"
                        + "  \"writer\" : \"instance-lock\"\n}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A record of the older launcher (four fields, no OS lock) naming a dead {@code pid}: stale. */
    static byte[] olderLauncher(AccountId account, long pid) {
        return ("{\"account_id\": " + quoted(account.value()) + ", \"pid\": " + pid + ", \"created_at\": \""
                        + LocalDateTime.now().withNano(0) + "\", \"broker_username\": \"bench_broker\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The retirement marker lock-fs writes before deleting a released file. */
    static byte[] retired(String token) {
        return ("{\n  \"retired\" : " + quoted(token) + "\n}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  \"").append(name).append("\" : ").append(value).append(",\n");
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
