package io.instancelock.cli;

import io.instancelock.core.LocalHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/** Lock files as other programs leave them, written straight into a test's lock directory. */
final class LockFiles {

    private final Path directory;

    LockFiles(Path directory) {
        this.directory = directory;
    }

    Path file(String account) {
        return directory.resolve("account_" + account + ".lock");
    }

    /** The older launcher's record (no OS lock) for a process on this computer. */
    Path olderLauncher(String account, long pid, String broker) {
        return write(
                account,
                "{\"account_id\": \"" + account + "\", \"pid\": " + pid + ", \"created_at\": \"" + now()
                        + "\", \"broker_username\": \"" + broker + "\"}");
    }

    /** The older launcher's record naming another computer, which cannot be judged here. */
    Path olderLauncherOnHost(String account, String host) {
        return write(
                account,
                "{\"account_id\": \"" + account + "\", \"pid\": 4242, \"created_at\": \"" + now()
                        + "\", \"broker_username\": \"jane\", \"hostname\": \"" + host + "\"}");
    }

    /** An instance-lock record whose holder has exited (no OS lock is held on it). */
    Path abandoned(String account) {
        return write(
                account,
                "{\"account_id\": \"" + account + "\", \"pid\": " + exitedPid() + ", \"created_at\": \""
                        + now() + "\", \"broker_username\": \"joe\", \"hostname\": \"" + LocalHost.name()
                        + "\", \"writer\": \"instance-lock\"}");
    }

    Path write(String account, String content) {
        try {
            return Files.writeString(file(account), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid of a process that has run and exited. */
    static long exitedPid() {
        try {
            Process process = new ProcessBuilder("true").start();
            if (!process.waitFor(Timing.PROCESS.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("'true' did not exit");
            }
            return process.pid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String now() {
        return LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
