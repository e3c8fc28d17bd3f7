package io.instancelock.bench;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A child process that takes, waits for and releases account locks on command, one command a line on
 * standard input, one answer a line on standard output. In mode {@code api} it uses instance-lock's
 * public API; in mode {@code bare} a plain {@link FileChannel} lock on the same file (the floor).
 *
 * <ul>
 *   <li>{@code take ID} takes the lock now: {@code took ID} (or {@code refused ID ...});
 *   <li>{@code wait ID} answers {@code waiting}, waits for the lock, then answers
 *       {@code acquired NANOTIME} with {@link System#nanoTime()} read as soon as it is taken;
 *   <li>{@code release ID} reads {@code NANOTIME} just before releasing: {@code released NANOTIME};
 *   <li>{@code hand-over ID} first waits until another process is blocked in the kernel on the lock
 *       file, then releases like {@code release}, and answers nothing, so that the waiter has the
 *       machine to itself while it takes the lock;
 *   <li>{@code last-release} answers for the last {@code hand-over}: {@code released NANOTIME
 *       true|false} (false: no waiter was seen within 2 s);
 *   <li>{@code compiled} answers {@code compiled MILLIS}: the JIT compilers' time so far (-1 when this
 *       JVM does not measure it), by which the benchmark tells when a child is warm ({@link WarmUp});
 *   <li>{@code quit} exits.
 * </ul>
 */
public final class LockChild {

    static final Duration WAIT_LIMIT = Duration.ofSeconds(30);
    static final Duration WAITER_LIMIT = Duration.ofSeconds(2);
    static final String BROKER = "bench_broker";

    private final Locks locks;
    private String lastRelease = "released 0 false";

    private LockChild(Locks locks) {
        this.locks = locks;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("api") || args[0].equals("bare"))) {
            System.err.println("usage: LockChild api|bare LOCK_DIRECTORY");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        Locks locks = args[0].equals("api") ? new ApiLocks(AccountLocks.open(dir)) : new BareLocks(dir);
        new LockChild(locks).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    private void serve(BufferedReader commands) throws Exception {
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "take" -> answer(locks.take(words[1]) ? "took " + words[1] : "refused " + words[1]);
                case "wait" -> {
                    answer("waiting");
                    answer(locks.await(words[1]) ? "acquired " + System.nanoTime() : "timeout");
                }
                case "release" -> {
                    long released = System.nanoTime();
                    locks.release(words[1]);
                    answer("released " + released);
                }
                case "hand-over" -> {
                    boolean waiterSeen = KernelLocks.awaitBlockedWaiterFor(locks.file(words[1]), WAITER_LIMIT);
                    long released = System.nanoTime();
                    locks.release(words[1]);
                    lastRelease = "released " + released + " " + waiterSeen;
                }
                case "last-release" -> answer(lastRelease);
                case "compiled" -> answer("compiled " + compiledMillis());
                case "quit" -> {
                    locks.close();
                    return;
                }
                default -> answer("unknown command: " + line);
            }
        }
        locks.close();
    }

    private static long compiledMillis() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime()
                : -1;
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The two ways of locking compared. */
    private interface Locks {
        boolean take(String account) throws IOException;

        /** Waits for the lock; {@link System#nanoTime()} is read by the caller as soon as this returns. */
        boolean await(String account) throws IOException, InterruptedException;

        void release(String account) throws IOException;

        Path file(String account);

        void close() throws IOException;
    }

    private static final class ApiLocks implements Locks {
        private final AccountLocks locks;
        private final Map<String, LockHandle> held = new HashMap<>();

        ApiLocks(AccountLocks locks) {
            this.locks = locks;
        }

        @Override
        public boolean take(String account) {
            return keep(account, locks.tryAcquire(AccountId.of(account), BROKER));
        }

        @Override
        public boolean await(String account) throws InterruptedException {
            return keep(account, locks.tryAcquire(AccountId.of(account), BROKER, WAIT_LIMIT));
        }

        private boolean keep(String account, Acquisition attempt) {
            if (attempt instanceof Acquisition.Acquired acquired) {
                held.put(account, acquired.handle());
            }
            return attempt.acquired();
        }

        @Override
        public void release(String account) {
            held.remove(account).close();
        }

        @Override
        public Path file(String account) {
            return Path.of(held.get(account).location());
        }

        @Override
        public void close() {
            locks.close();
        }
    }

    /** The floor: one {@link FileChannel} lock on the same byte lock-fs locks; the file is never deleted. */
    private static final class BareLocks implements Locks {
        private final Path dir;
        private final Map<String, FileChannel> held = new HashMap<>();

        BareLocks(Path dir) {
            this.dir = dir;
        }

        @Override
        public boolean take(String account) throws IOException {
            FileChannel channel = open(account);
            FileLock lock = channel.tryLock(Floors.LOCK_POSITION, 1, false);
            if (lock == null) {
                channel.close();
                return false;
            }
            held.put(account, channel);
            return true;
        }

        @Override
        public boolean await(String account) throws IOException {
            FileChannel channel = open(account);
            channel.lock(Floors.LOCK_POSITION, 1, false);
            held.put(account, channel);
            return true;
        }

        @Override
        public void release(String account) throws IOException {
            held.remove(account).close();
        }

        @Override
        public Path file(String account) {
            return dir.resolve("account_" + account + ".lock");
        }

        private FileChannel open(String account) throws IOException {
            return FileChannel.open(
                    file(account), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        @Override
        public void close() throws IOException {
            for (FileChannel channel : held.values()) {
                channel.close();
            }
        }
    }
}
