package io.instancelock.fs.internal;

import io.instancelock.core.LockException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for an OS lock in the kernel, with a timeout and interruption, which {@link FileChannel#lock}
 * lacks: the blocking call runs on a helper thread that is interrupted (closing the channel, so the
 * lock can never be left taken) when the caller stops waiting.
 */
final class KernelWait {

    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "instance-lock-wait");
        thread.setDaemon(true);
        return thread;
    });

    private KernelWait() {}

    /**
     * Takes the channel's OS lock, or returns null when the deadline passes; the channel is closed then.
     *
     * @throws InterruptedException when the caller is interrupted; the channel is closed then
     */
    static FileLock lock(FileChannel channel, long deadlineNanos, boolean forever) throws InterruptedException {
        try {
            FileLock now = channel.tryLock(LockFileIo.LOCK_POSITION, 1, false);
            if (now != null) {
                return now;
            }
        } catch (IOException e) {
            throw failed(e);
        }
        Future<FileLock> waiting = WAITERS.submit(() -> channel.lock(LockFileIo.LOCK_POSITION, 1, false));
        try {
            return forever
                    ? waiting.get()
                    : waiting.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return abandon(waiting, channel);
        } catch (InterruptedException e) {
            FileLock late = abandon(waiting, channel);
            if (late != null) {
                FileLockBackend.closeQuietly(channel);
            }
            throw e;
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
    }

    /** Stops the helper; returns the lock if it was taken before it could be stopped. */
    private static FileLock abandon(Future<FileLock> waiting, FileChannel channel) {
        if (waiting.cancel(true)) {
            // The helper was interrupted (which closes the channel) or never ran: close it to be sure.
            FileLockBackend.closeQuietly(channel);
            return null;
        }
        try {
            return waiting.get();
        } catch (ExecutionException | CancellationException | InterruptedException e) {
            FileLockBackend.closeQuietly(channel);
            return null;
        }
    }

    private static LockException failed(Throwable cause) {
        return new LockException(
                "cannot wait for a lock: " + cause.getMessage()
                        + ". The file system may not support locks (run lockctl doctor)",
                cause);
    }
}
