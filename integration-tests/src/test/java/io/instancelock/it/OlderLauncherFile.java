package io.instancelock.it;

import io.instancelock.core.AccountId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes lock files the way the older launcher does: its four fields only, and no OS lock held by
 * anyone. Also writes the broken files such a launcher (or a full disk) can leave behind.
 */
final class OlderLauncherFile {

    private OlderLauncherFile() {}

    static Path path(Path lockDir, AccountId account) {
        return lockDir.resolve("account_" + account.value() + ".lock");
    }

    /** The JSON the older launcher writes, {@code created_at} in local time to the second. */
    static String json(AccountId account, long pid, LocalDateTime createdAt, String broker) {
        return "{\n"
                + "  \"account_id\": \"" + account.value() + "\",\n"
                + "  \"pid\": " + pid + ",\n"
                + "  \"created_at\": \""
                + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(createdAt.truncatedTo(ChronoUnit.SECONDS)) + "\",\n"
                + "  \"broker_username\": \"" + broker + "\"\n"
                + "}\n";
    }

    static Path write(Path lockDir, AccountId account, long pid, LocalDateTime createdAt, String broker)
            throws IOException {
        return Files.writeString(path(lockDir, account), json(account, pid, createdAt, broker), StandardCharsets.UTF_8);
    }

    /** Broken files found in lock directories, each of which must neither block nor let two in. */
    enum Broken {
        EMPTY {
            @Override
            byte[] bytes(AccountId account) {
                return new byte[0];
            }
        },
        TRUNCATED {
            @Override
            byte[] bytes(AccountId account) {
                String whole = json(account, 4242, LocalDateTime.now(), "john_topstep");
                return whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8);
            }
        },
        NOT_JSON {
            @Override
            byte[] bytes(AccountId account) {
                return "pid=4242 account=whatever\n".getBytes(StandardCharsets.UTF_8);
            }
        },
        BINARY_GARBAGE {
            @Override
            byte[] bytes(AccountId account) {
                byte[] bytes = new byte[512];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (i * 31 + 7);
                }
                return bytes;
            }
        },
        MISSING_PID {
            @Override
            byte[] bytes(AccountId account) {
                return ("{\"account_id\": \"" + account.value() + "\", \"created_at\": \"2025-11-09T14:30:00\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        },
        OTHER_ACCOUNT {
            @Override
            byte[] bytes(AccountId account) {
                return json(
                                AccountId.of("someone-else"),
                                ProcessHandle.current().pid(),
                                LocalDateTime.now(),
                                "x")
                        .getBytes(StandardCharsets.UTF_8);
            }
        },
        OVERSIZED {
            @Override
            byte[] bytes(AccountId account) {
                return ("{\"padding\": \"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            }
        };

        abstract byte[] bytes(AccountId account);

        Path write(Path lockDir, AccountId account) throws IOException {
            return Files.write(path(lockDir, account), bytes(account));
        }
    }
}
