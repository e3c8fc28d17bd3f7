package io.instancelock.gui;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tells when the lock table should be read again: at once when a file in the lock directory is
 * created, changed or removed, or when a watched holder process exits (a killed holder leaves its
 * file unchanged); otherwise after a slow poll, which also covers a file system without change events.
 */
final class LockWatch implements AutoCloseable {

    private final Path directory;
    private final Duration poll;
    private final Runnable onChange;
    private final HolderProcesses processes;
    private final Set<Long> watchedPids = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;
    private volatile WatchService service;

    private LockWatch(Path directory, Duration poll, Runnable onChange, HolderProcesses processes) {
        this.directory = directory;
        this.poll = poll;
        this.onChange = onChange;
        this.processes = processes;
        this.thread = new Thread(this::run, "lock-watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching.
     *
     * @param directory the lock directory, or {@code null} for a backend without one (then: poll only)
     * @param poll how often to call {@code onChange} when nothing was noticed
     */
    static LockWatch start(Path directory, Duration poll, Runnable onChange, HolderProcesses processes) {
        LockWatch watch = new LockWatch(
                directory,
                Objects.requireNonNull(poll, "poll"),
                Objects.requireNonNull(onChange, "onChange"),
                Objects.requireNonNull(processes, "processes"));
        watch.thread.start();
        return watch;
    }

    /** Also calls {@code onChange} when one of these processes exits; each pid is watched once. */
    void watchExits(Collection<Long> pids) {
        for (long pid : pids) {
            if (!closed && watchedPids.add(pid)) {
                processes.onExit(pid).whenComplete((done, error) -> {
                    watchedPids.remove(pid);
                    changed();
                });
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        WatchService current = service;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // Closing only wakes the watch thread; nothing is lost.
            }
        }
        thread.interrupt();
    }

    private void run() {
        WatchKey key = null;
        while (!closed) {
            if (key == null || !key.isValid()) {
                key = register();
            }
            try {
                WatchKey signalled = key == null ? sleep() : service.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
                if (signalled != null) {
                    signalled.pollEvents();
                    signalled.reset();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            changed();
        }
    }

    /** Registers the directory once it exists; {@code null} while it cannot be watched (poll only). */
    private WatchKey register() {
        if (directory == null) {
            return null;
        }
        try {
            if (service == null) {
                service = FileSystems.getDefault().newWatchService();
            }
            return directory.register(
                    service,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            closeService();
            return null;
        }
    }

    private WatchKey sleep() throws InterruptedException {
        Thread.sleep(poll.toMillis());
        return null;
    }

    private void closeService() {
        WatchService current = service;
        service = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // Replaced on the next round.
            }
        }
    }

    private void changed() {
        if (!closed) {
            onChange.run();
        }
    }
}
