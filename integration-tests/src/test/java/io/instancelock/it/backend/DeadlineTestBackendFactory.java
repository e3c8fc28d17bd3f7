package io.instancelock.it.backend;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.LockRecord;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.LockBackendFactory;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Test only: plays a lock server's bot lifecycle without a server. It serves a lock directory through
 * the file system backend, found with {@link ServiceLoader}, and gives every claim a
 * {@linkplain Slot#confirmationDeadline() confirmation deadline} of {@link #DEADLINE}, so that a
 * holder starts its bot to die with it and watched by a watchdog; a file {@code ACCOUNT.stop-request}
 * beside the locks is a stop request.
 *
 * <p>It serves {@code deadline-test:PATH}, and a path whose last name ends with {@code .deadline-test}
 * (so that {@code lockctl --dir}, which takes only paths, can use it). It must come before the file
 * system backend on the class path: the suite's test classes do.
 */
public final class DeadlineTestBackendFactory implements LockBackendFactory {

    /** The deadline of every claim: short, to keep the suite quick. */
    public static final Duration DEADLINE = Duration.ofSeconds(4);

    /** The ending of a lock directory's name that this backend serves. */
    public static final String SUFFIX = ".deadline-test";

    private static final String SCHEME = "deadline-test:";

    /** Made on first use: every JVM of the suite loads this factory, few of them use it. */
    private static final class StopRequests {
        static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "deadline-test-stop-requests");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return "deadline test";
    }

    @Override
    public boolean accepts(String location) {
        return location.startsWith(SCHEME) || location.endsWith(SUFFIX);
    }

    @Override
    public LockBackend open(String location, Clock clock) {
        String path = location.startsWith(SCHEME) ? location.substring(SCHEME.length()) : location;
        for (LockBackendFactory factory : ServiceLoader.load(LockBackendFactory.class)) {
            if (!(factory instanceof DeadlineTestBackendFactory) && factory.accepts(path)) {
                return new Backend(factory.open(path, clock), Path.of(path));
            }
        }
        throw new LockException("no file system backend on the class path for " + location);
    }

    /** A stop request for an account of a directory this backend serves. */
    public static Path stopRequestFile(Path directory, AccountId account) {
        return directory.resolve(account.value() + ".stop-request");
    }

    private record Backend(LockBackend files, Path directory) implements LockBackend {

        @Override
        public Optional<Slot> tryClaim(AccountId account) {
            return files.tryClaim(account).map(slot -> new DeadlineSlot(slot, stopRequestFile(directory, account)));
        }

        @Override
        public Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException {
            return files.claim(account, timeout)
                    .map(slot -> new DeadlineSlot(slot, stopRequestFile(directory, account)));
        }

        @Override
        public Peek peek(AccountId account) {
            return files.peek(account);
        }

        @Override
        public List<AccountId> accounts() {
            return files.accounts();
        }

        @Override
        public boolean requestStop(AccountId account) {
            try {
                Files.writeString(stopRequestFile(directory, account), "stop\n");
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String location() {
            return files.location();
        }

        @Override
        public String locationOf(AccountId account) {
            return files.locationOf(account);
        }

        @Override
        public void close() {
            files.close();
        }
    }

    private static final class DeadlineSlot implements Slot {
        private final Slot file;
        private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

        DeadlineSlot(Slot file, Path stopRequest) {
            this.file = file;
            var poll = StopRequests.POLLER.scheduleWithFixedDelay(
                    () -> {
                        if (Files.exists(stopRequest)) {
                            stopRequested.complete(null);
                        }
                    },
                    100,
                    100,
                    TimeUnit.MILLISECONDS);
            stopRequested.whenComplete((done, cancelled) -> poll.cancel(false));
        }

        @Override
        public SlotContent content() {
            return file.content();
        }

        @Override
        public void write(LockRecord record) {
            file.write(record);
        }

        @Override
        public void retire() {
            stopRequested.cancel(false);
            file.retire();
        }

        @Override
        public void close() {
            stopRequested.cancel(false);
            file.close();
        }

        @Override
        public String location() {
            return file.location();
        }

        @Override
        public CompletionStage<String> lost() {
            return file.lost();
        }

        @Override
        public void watch(Predicate<SlotContent> mayOverwrite) {
            file.watch(mayOverwrite);
        }

        @Override
        public CompletionStage<Void> stopRequested() {
            return stopRequested;
        }

        @Override
        public Optional<Duration> confirmationDeadline() {
            return Optional.of(DEADLINE);
        }

        @Override
        public OptionalLong fencingToken() {
            return file.fencingToken();
        }
    }
}
