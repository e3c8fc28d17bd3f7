package io.instancelock.bench;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.fs.LockFileNames;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A lock directory of {@code n} lock files: a third held by a child process, a third stale (records
 * of dead holders, half instance-lock's and half the older launcher's), a third garbage (empty, not
 * JSON, truncated, another account's record; or, with {@code largeGarbage}, 1 MiB sparse files).
 */
final class LockDirectoryFixture implements AutoCloseable {

    private static final int LARGE_GARBAGE_BYTES = 1 << 20;

    final Path dir;
    final int files;
    final int held;
    private final ChildJvm holder;

    private LockDirectoryFixture(Path dir, int files, int held, ChildJvm holder) {
        this.dir = dir;
        this.files = files;
        this.held = held;
        this.holder = holder;
    }

    static LockDirectoryFixture create(int files, boolean largeGarbage) {
        Path dir = BenchDirs.fresh("list-" + files);
        ChildJvm holder = ChildJvm.start(LockChild.class, dir.resolve("holder.log"), "api", dir.toString());
        long deadPid = deadPid();
        int held = 0;
        try {
            for (int i = 0; i < files; i++) {
                AccountId account = AccountId.of(String.format(Locale.ROOT, "acct-%05d", i));
                Path file = dir.resolve(LockFileNames.fileName(account));
                switch (i % 3) {
                    case 0 -> {
                        holder.ask("take " + account.value(), "took");
                        held++;
                    }
                    case 1 ->
                        Files.write(
                                file,
                                (i / 3) % 2 == 0
                                        ? LockJson.abandoned(account, deadPid)
                                        : LockJson.olderLauncher(account, deadPid));
                    default -> writeGarbage(file, i / 3, largeGarbage);
                }
            }
        } catch (IOException e) {
            holder.close();
            throw new UncheckedIOException("cannot fill " + dir, e);
        }
        LockDirectoryFixture fixture = new LockDirectoryFixture(dir, files, held, holder);
        fixture.verify();
        return fixture;
    }

    private static void writeGarbage(Path file, int index, boolean large) throws IOException {
        if (large) {
            try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
                sparse.write("not a lock record ".getBytes(StandardCharsets.UTF_8));
                sparse.setLength(LARGE_GARBAGE_BYTES);
            }
            return;
        }
        String content = switch (index % 4) {
            case 0 -> "";
            case 1 -> "this is not JSON at all";
            case 2 -> "{\"account_id\": \"truncat";
            default -> "{\"account_id\": \"someone-else\", \"pid\": 1, \"created_at\": \"2025-11-09T14:30:00\"}";
        };
        Files.writeString(file, content);
    }

    /** A pid that names no process now (pids are reused only after the counter wraps). */
    private static long deadPid() {
        for (long pid = 32_000; pid > 300; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
        throw new IllegalStateException("no free pid found below 32000");
    }

    /** Checks the directory is what it claims: every file listed, exactly the held third held. */
    private void verify() {
        try (AccountLocks locks = AccountLocks.open(dir)) {
            List<LockStatus> statuses = locks.list();
            long heldSeen =
                    statuses.stream().filter(s -> s.state() == LockState.HELD).count();
            if (statuses.size() != files || heldSeen != held) {
                throw new IllegalStateException("set-up failed: " + dir + " lists " + statuses.size() + " locks, "
                        + heldSeen + " held; expected " + files + ", " + held + " held");
            }
        }
    }

    @Override
    public void close() {
        holder.close();
        BenchDirs.delete(dir);
    }
}
