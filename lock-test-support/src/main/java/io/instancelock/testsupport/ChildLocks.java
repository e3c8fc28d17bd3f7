package io.instancelock.testsupport;

import io.instancelock.core.AccountId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Another process on the same lock location: a child JVM running {@link LockCommands} with this JVM's
 * class path, driven line by line. For backends whose claims live in the OS or on a server.
 */
public final class ChildLocks implements AccountLocksContract.OtherProcess {

    private static final long ANSWER_SECONDS = 60;

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;

    private ChildLocks(Process process) {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the child on a location, with extra system properties for its JVM (e.g. a host name). */
    public static ChildLocks start(String location, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LockCommands.class.getName());
        command.add(location);
        ChildLocks child = new ChildLocks(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
        child.expect("ready");
        return child;
    }

    /** The child's process, e.g. for its pid. */
    public Process process() {
        return process;
    }

    @Override
    public boolean hold(AccountId account, String broker) throws IOException {
        return ask("hold " + account + " " + broker).equals("held");
    }

    @Override
    public void release(AccountId account) throws IOException {
        expectAnswer("release " + account, "released");
    }

    @Override
    public boolean couldTake(AccountId account) throws IOException {
        return ask("try " + account).equals("acquired");
    }

    /** Deletes {@code directory}, then takes the account at once and keeps it. */
    public boolean stealAfterDeleting(AccountId account, Path directory) throws IOException {
        return ask("steal " + account + " " + directory).equals("held");
    }

    @Override
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(ANSWER_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void expectAnswer(String command, String expected) throws IOException {
        String answer = ask(command);
        if (!answer.equals(expected)) {
            throw new IOException("child answered '" + answer + "' to '" + command + "'");
        }
    }

    private String ask(String command) throws IOException {
        commands.println(command);
        return readLine();
    }

    private void expect(String expected) throws IOException {
        String line = readLine();
        if (!expected.equals(line)) {
            throw new IOException("child said '" + line + "', expected '" + expected + "'");
        }
    }

    private String readLine() throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return answers.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            String read = line.get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (read == null) {
                throw new IOException("child exited (code " + process.waitFor() + ")");
            }
            return read;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("no answer from the child: " + e, e);
        }
    }
}
