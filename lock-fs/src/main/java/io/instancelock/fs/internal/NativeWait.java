package io.instancelock.fs.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A kernel wait for a guard byte in the caller's own thread (Linux): {@code fcntl(F_SETLKW)} through a
 * second descriptor of the guard file, so the thread that asked for the lock is the thread the kernel
 * wakes. The waiter-thread wait of {@link KernelWait} costs a second scheduler wake-up on every
 * hand-over (the waiter thread, then the caller); on a busy machine that second wake-up was most of a
 * hand-over's tail (see {@code docs/benchmarks.md}).
 *
 * <p>{@code fcntl} has no timeout and ignores {@link Thread#interrupt()}: a timer thread ends the wait by
 * sending the waiting thread the signal the JDK's own NIO sends to end a blocked I/O call, whose handler
 * does nothing and is installed without {@code SA_RESTART}, so the call returns {@code EINTR}. That is
 * checked once ({@link #available()}); without such a handler (another JVM, {@code -Xrs}, a JDK that
 * changed it) the signal's default action would end the process, so this path is then never used.
 *
 * <p>Why a second descriptor is safe: POSIX locks belong to the process, not to a descriptor, so the
 * byte taken through it is the same lock the guard's channel then registers and releases. Closing any
 * descriptor of the file drops every lock of the process on it, so the second descriptor lives exactly
 * as long as the channel ({@link GuardFile#closeIfUnused}), and one opened on a file that turns out not
 * to be the guard (the path was replaced in between) is never closed.
 */
final class NativeWait {

    private static final System.Logger LOG = System.getLogger(NativeWait.class.getName());

    // Linux, glibc, x86-64 and aarch64 (the only ABIs this path is enabled for).
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_GETLK = 5;
    private static final short F_RDLCK = 0;
    private static final int F_SETLKW = 7;
    private static final short F_UNLCK = 2;
    private static final int F_SETLK = 6;
    private static final short F_WRLCK = 1;
    private static final int EINTR = 4;
    private static final int SA_RESTART = 0x10000000;
    private static final long SIG_DFL = 0;
    private static final long SIG_IGN = 1;
    /** {@code struct flock}: l_type, l_whence (shorts), l_start, l_len (off_t at 8 and 16), l_pid. */
    private static final int FLOCK_SIZE = 32;
    /** {@code struct sigaction}: the handler, a 128-byte mask, then sa_flags. */
    private static final int SIGACTION_SIZE = 152;

    private static final int SIGACTION_FLAGS = 8 + 128;

    /** How often a waiting thread is checked for an interrupt. */
    private static final long INTERRUPT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How often an ended wait is signalled again until its thread has left {@code fcntl}. */
    private static final long RESIGNAL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Whether tests of this package have turned this path off. */
    static volatile boolean disabled = "thread".equals(System.getProperty("instancelock.fs.wait"));

    interface C extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int fcntl(int fd, int command, Memory flock) throws LastErrorException;

        long pthread_self();

        int pthread_kill(long thread, int signal);

        int sigaction(int signal, Memory action, Memory old) throws LastErrorException;

        int __libc_current_sigrtmax();
    }

    private NativeWait() {}

    /** Whether waits can block in the caller's thread on this platform. */
    static boolean available() {
        return !disabled && Setup.SIGNAL > 0;
    }

    /** Loaded on first use: the JNA library and the check of the signal, or -1 when unusable. */
    private static final class Setup {
        static final C LIBC;
        static final int SIGNAL;
        static final ScheduledThreadPoolExecutor TIMER;

        static {
            C libc = null;
            int signal = -1;
            String arch = System.getProperty("os.arch", "");
            if (Platform.isLinux() && !Platform.isAndroid() && (arch.equals("amd64") || arch.equals("aarch64"))) {
                try {
                    libc = Native.load("c", C.class);
                    // The JDK's NIO interrupt signal on Linux: SIGRTMAX - 2 (sun.nio.ch.NativeThread).
                    int candidate = libc.__libc_current_sigrtmax() - 2;
                    Memory old = new Memory(SIGACTION_SIZE);
                    old.clear();
                    libc.sigaction(candidate, null, old);
                    long handler = old.getLong(0);
                    int flags = old.getInt(SIGACTION_FLAGS);
                    if (handler != SIG_DFL && handler != SIG_IGN && (flags & SA_RESTART) == 0) {
                        signal = candidate;
                    } else {
                        LOG.log(Level.DEBUG, "signal {0} has no interrupting handler: waits use a thread", candidate);
                    }
                } catch (LinkageError | RuntimeException e) {
                    LOG.log(Level.DEBUG, "native waits unavailable: {0}", e.toString());
                }
            }
            LIBC = libc;
            SIGNAL = signal;
            ScheduledThreadPoolExecutor timer = null;
            if (signal > 0) {
                timer = new ScheduledThreadPoolExecutor(1, task -> {
                    Thread thread = new Thread(task, "instance-lock-wait-timer");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            TIMER = timer;
        }
    }

    /**
     * Opens a second descriptor of the guard file, or returns -1 (then waits use a thread). The
     * descriptor is returned only when it names the file the channel has open.
     */
    static int openGuard(Path path, Object identity) {
        if (identity == null) {
            return -1;
        }
        int fd;
        try {
            fd = Setup.LIBC.open(path.toString(), O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            return -1;
        }
        try {
            BasicFileAttributes opened =
                    Files.readAttributes(Path.of("/proc/self/fd/" + fd), BasicFileAttributes.class);
            if (Objects.equals(identity, opened.fileKey())) {
                return fd;
            }
        } catch (IOException | RuntimeException e) {
            // Cannot tell which file it is: never close it (see the class comment).
        }
        LOG.log(Level.DEBUG, "{0} was replaced while it was opened: waits on it use a thread", path);
        return -1; // deliberately left open, unused
    }

    static void close(int fd) {
        try {
            Setup.LIBC.close(fd);
        } catch (LastErrorException ignored) {
            // Nothing of ours is locked through it any more.
        }
    }

    /** How one call of {@link #await} ended. */
    enum Outcome {
        /** The byte is this process's now. */
        TAKEN,
        /** The deadline passed. */
        TIMED_OUT,
        /**
         * The kernel would not wait: most often {@code EDEADLK}, a cycle between whole processes (see
         * {@link KernelWait}); the caller polls instead.
         */
        REFUSED
    }

    /**
     * Blocks until this process holds the byte, the deadline passes, the kernel refuses to wait or the
     * thread is interrupted.
     *
     * @throws InterruptedException when interrupted; nothing is held then
     */
    static Outcome await(int fd, long offset, long deadline, boolean forever) throws InterruptedException {
        Memory flock = flock(F_WRLCK, offset);
        Waiter waiter = new Waiter(Thread.currentThread(), Setup.LIBC.pthread_self(), deadline, forever);
        waiter.schedule(System.nanoTime());
        try {
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (!forever && System.nanoTime() - deadline >= 0) {
                    return Outcome.TIMED_OUT;
                }
                waiter.enter();
                int error = 0;
                try {
                    Setup.LIBC.fcntl(fd, F_SETLKW, flock);
                } catch (LastErrorException e) {
                    error = e.getErrorCode();
                } finally {
                    waiter.leave();
                }
                if (error == 0) {
                    return Outcome.TAKEN;
                }
                if (error != EINTR) {
                    LOG.log(Level.DEBUG, "fcntl(F_SETLKW) refused with errno {0}: polling", error);
                    return Outcome.REFUSED;
                }
            }
        } finally {
            waiter.finish();
        }
    }

    /**
     * Whether another process holds the byte exclusively, asked without taking anything
     * ({@code F_GETLK} for a shared lock, which only an exclusive lock of another process would
     * refuse); null when the kernel would not say.
     */
    static Boolean heldElsewhere(int fd, long offset) {
        Memory flock = flock(F_RDLCK, offset);
        try {
            Setup.LIBC.fcntl(fd, F_GETLK, flock);
        } catch (LastErrorException e) {
            return null;
        }
        return flock.getShort(0) != F_UNLCK;
    }

    /** Lets the byte go through the second descriptor (when the channel could not take it over). */
    static void unlock(int fd, long offset) {
        try {
            Setup.LIBC.fcntl(fd, F_SETLK, flock(F_UNLCK, offset));
        } catch (LastErrorException ignored) {
            // Unlocking a byte that is ours does not fail on a descriptor that is open.
        }
    }

    /** A {@code struct flock} for one byte at {@code offset}. */
    private static Memory flock(short type, long offset) {
        Memory flock = new Memory(FLOCK_SIZE);
        flock.clear();
        flock.setShort(0, type);
        flock.setLong(8, offset);
        flock.setLong(16, 1);
        return flock;
    }

    /**
     * One waiting thread, as the timer sees it. Invariant, under this object's monitor: the thread is
     * signalled only while it is between {@link #enter} and {@link #leave}, that is inside our call to
     * {@code fcntl} or just around it, never after it went on to other work (a signal there could end
     * an unrelated system call) and never after it finished waiting (its {@code pthread_t} may then
     * name another thread).
     */
    private static final class Waiter {
        private final Thread thread;
        private final long pthread;
        private final long deadline;
        private final boolean forever;
        private boolean inside;
        private boolean finished;

        Waiter(Thread thread, long pthread, long deadline, boolean forever) {
            this.thread = thread;
            this.pthread = pthread;
            this.deadline = deadline;
            this.forever = forever;
        }

        synchronized void enter() {
            inside = true;
        }

        synchronized void leave() {
            inside = false;
        }

        synchronized void finish() {
            finished = true;
        }

        /**
         * Runs on the timer: signals a wait that should end, and checks again later. A signal that lands
         * just before the thread enters {@code fcntl} is lost, so an ended wait is signalled again every
         * few milliseconds until the thread has left. The timer's tasks are never cancelled (a cancel
         * would wake the timer thread on every hand-over); one that runs after the wait finished does
         * nothing.
         */
        void check() {
            long now = System.nanoTime();
            synchronized (this) {
                if (finished) {
                    return;
                }
                if (inside && ended(now)) {
                    Setup.LIBC.pthread_kill(pthread, Setup.SIGNAL);
                }
            }
            schedule(now);
        }

        /** Whether the wait should end: its thread was interrupted, or its deadline passed. */
        private boolean ended(long now) {
            return thread.isInterrupted() || (!forever && now - deadline >= 0);
        }

        void schedule(long now) {
            long next;
            if (ended(now)) {
                next = RESIGNAL_NANOS;
            } else {
                next = forever ? INTERRUPT_CHECK_NANOS : Math.min(INTERRUPT_CHECK_NANOS, deadline - now);
            }
            Setup.TIMER.schedule(this::check, next, TimeUnit.NANOSECONDS);
        }
    }
}
