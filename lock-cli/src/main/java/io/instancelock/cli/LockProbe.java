package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockException;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real test of OS locks in a directory.
 *
 * <ol>
 *   <li>a child process ({@code lockctl doctor-probe}) takes a test account and says so;
 *   <li>this process must be refused that account, and see the child as its holder;
 *   <li>the child releases it (its standard input is closed) and exits; this process must now get it.
 * </ol>
 */
final class LockProbe {

    private static final Duration CHILD_LIMIT = Duration.ofSeconds(30);

    /** The verdict, in words. */
    record Result(boolean works, String message) {}

    private LockProbe() {}

    static Result run(Path directory) {
        AccountId probe =
                AccountId.of("lockctl-doctor-" + ProcessHandle.current().pid());
        Process child;
        try {
            child = new ProcessBuilder(childCommand(directory, probe))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return new Result(false, "cannot start a child process for the lock test: " + e.getMessage());
        }
        try (AccountLocks locks = AccountLocks.open(directory)) {
            return test(locks, probe, child);
        } catch (LockException e) {
            return new Result(false, "OS locks cannot be used in " + directory + ": " + e.getMessage());
        } finally {
            child.destroyForcibly();
        }
    }

    private static Result test(AccountLocks locks, AccountId probe, Process child) {
        long started = System.nanoTime();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String first = readLine(output);
        if (!DoctorProbeCommand.LOCKED.equals(first)) {
            return new Result(
                    false, "the child process could not take a lock: " + (first == null ? "no answer" : first));
        }
        Acquisition whileHeld = locks.tryAcquire(probe, "lockctl doctor");
        if (whileHeld instanceof Acquisition.Acquired acquired) {
            acquired.handle().close();
            return new Result(false, "OS locks do NOT work here: this process took a lock that a child process held");
        }
        LockStatus seen = ((Acquisition.Refused) whileHeld).status();
        if (seen.state() != LockState.HELD
                || seen.holder() == null
                || seen.holder().pid() != child.pid()) {
            return new Result(
                    false, "the child's lock was refused but not reported as its own: " + StatusView.line(seen));
        }
        try {
            child.getOutputStream().close();
            if (!child.waitFor(CHILD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result(false, "the child process did not exit after releasing its lock");
            }
            Acquisition afterwards = locks.tryAcquire(probe, "lockctl doctor", Duration.ofSeconds(5));
            if (!(afterwards instanceof Acquisition.Acquired acquired)) {
                return new Result(false, "the lock stayed held after the child released it and exited");
            }
            // Taken and released at once: the test account leaves no file behind.
            acquired.handle().close();
        } catch (IOException e) {
            return new Result(false, "cannot talk to the child process: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new Result(
                true,
                "OS locks work: a child process's lock kept this process out and its release " + "let it in (" + millis
                        + " ms)");
    }

    private static String readLine(BufferedReader output) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                return "cannot read its output: " + e.getMessage();
            }
        });
        try {
            return line.get(CHILD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "no answer within " + CHILD_LIMIT.toSeconds() + "s";
        } catch (ExecutionException e) {
            return "cannot read its output: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** This JVM and class path, running {@code lockctl --dir DIR doctor-probe ACCOUNT}. */
    private static List<String> childCommand(Path lockDirectory, AccountId probe) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Lockctl.class.getName(),
                "--dir",
                lockDirectory.toString(),
                "doctor-probe",
                probe.value());
    }
}
