package io.instancelock.core;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a bot so that it cannot run before its holder has recorded it, in a process group (on Linux
 * a session) of its own, so that everything it starts can be signalled and watched as one.
 *
 * <ol>
 *   <li>A gate file is created, empty. The command is started through {@code sh}, behind
 *       {@code setsid} (Linux) or perl's {@code setpgrp} (elsewhere): the shell waits until the gate
 *       file is not empty, then {@code exec}s the command, which keeps the shell's pid, start time and
 *       group. So the pid known right after the start is the bot's. The holder removes the gate file
 *       once the bot has exited.
 *   <li>The holder records that pid and group in the lock, then opens the gate.
 *   <li>If the holder dies before opening it, the shell gives up after about ten seconds and never
 *       runs the command; if recording fails, the holder kills the waiting shell.
 * </ol>
 *
 * <p>Asked to, on Linux, it starts the command behind {@code setpriv --pdeathsig KILL}, so that the
 * kernel kills the command when the thread that started it ends.
 *
 * <p>On Windows, where there is no {@code sh}, the command starts at once, in no group of its own.
 */
final class GatedStart {

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    /** How often the shell looks for the gate, 5 ms apart (about 10 s), before it gives up with exit 125. */
    static final int GATE_POLLS = 2000;

    private static final String GATE_SCRIPT = "g=$1; max=$2; shift 2; n=0; "
            + "while [ ! -s \"$g\" ]; do n=$((n+1)); if [ \"$n\" -gt \"$max\" ]; then rm -f \"$g\"; exit 125; fi; "
            + "sleep 0.005 2>/dev/null || sleep 1; done; exec \"$@\"";

    /** Found once: the tools on the PATH do not change under a running holder. */
    private static final List<String> GROUP_WRAPPER = WINDOWS ? List.of() : groupWrapper();

    private final Process process;
    private final Path gate;
    private final boolean grouped;
    private final boolean diesWithParent;

    private GatedStart(Process process, Path gate, boolean grouped, boolean diesWithParent) {
        this.process = process;
        this.gate = gate;
        this.grouped = grouped;
        this.diesWithParent = diesWithParent;
    }

    /**
     * Starts the builder's command behind the gate. The builder's stdio, environment and directory
     * are used as they are; its command is restored before this returns.
     *
     * @throws IOException when the command cannot be found or started
     */
    static GatedStart start(ProcessBuilder builder) throws IOException {
        return start(builder, GATE_POLLS, false);
    }

    /** As {@link #start(ProcessBuilder)}, with the number of looks for the gate before giving up. */
    static GatedStart start(ProcessBuilder builder, int gatePolls) throws IOException {
        return start(builder, gatePolls, false);
    }

    /**
     * As {@link #start(ProcessBuilder)}; with {@code dieWithParent}, on Linux where util-linux
     * {@code setpriv} can, the command is also started so that the kernel kills it (SIGKILL) when the
     * thread that started it, or its process, ends ({@code PR_SET_PDEATHSIG}): call it on a thread
     * that lives until the command has exited. The signal reaches the command itself, not what it
     * started.
     */
    static GatedStart start(ProcessBuilder builder, boolean dieWithParent) throws IOException {
        return start(builder, GATE_POLLS, dieWithParent);
    }

    private static GatedStart start(ProcessBuilder builder, int gatePolls, boolean dieWithParent) throws IOException {
        List<String> command = List.copyOf(builder.command());
        if (command.isEmpty()) {
            throw new IOException("no command to start");
        }
        requireExecutable(command.get(0), builder);
        if (WINDOWS) {
            return new GatedStart(builder.start(), null, false, false);
        }
        List<String> group = GROUP_WRAPPER;
        List<String> death = dieWithParent ? DeathSignal.PREFIX : List.of();
        Path gate = newGate();
        List<String> wrapped = new ArrayList<>(death);
        wrapped.addAll(group);
        wrapped.addAll(List.of(
                shell(), "-c", GATE_SCRIPT, "instance-lock-gate", gate.toString(), Integer.toString(gatePolls)));
        wrapped.addAll(command);
        builder.command(wrapped);
        try {
            return new GatedStart(builder.start(), gate, !group.isEmpty(), !death.isEmpty());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(gate);
            throw e;
        } finally {
            builder.command(command);
        }
    }

    /**
     * A new, empty gate file in the temp directory. Named by pid, time and a counter rather than by
     * {@link Files#createTempFile}, whose {@code SecureRandom} costs a command-line tool tens of
     * milliseconds to set up; {@code CREATE_NEW} still refuses a name that exists.
     */
    private static Path newGate() throws IOException {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; ; attempt++) {
            Path gate = directory.resolve("instance-lock-gate-"
                    + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + GATES.incrementAndGet());
            try {
                return Files.createFile(gate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong GATES = new java.util.concurrent.atomic.AtomicLong();

    Process process() {
        return process;
    }

    /** Whether the bot leads a process group (and on Linux a session) of its own, with its pid as id. */
    boolean grouped() {
        return grouped;
    }

    /** Whether the kernel kills the command when the thread that started it, or its process, ends. */
    boolean diesWithParent() {
        return diesWithParent;
    }

    /**
     * The prefix that sets {@code PR_SET_PDEATHSIG} before the command runs: util-linux
     * {@code setpriv --pdeathsig KILL} (2.33 and later), found and tried once, on first use; empty
     * elsewhere. The setting survives the {@code exec}s of {@code setsid}, the gate shell and the
     * command (none of them is set-user-id), and is not inherited by what the command starts.
     */
    private static final class DeathSignal {
        static final List<String> PREFIX = find();

        private static List<String> find() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return List.of();
            }
            Optional<Path> setpriv = onPath("setpriv");
            if (setpriv.isEmpty()) {
                return List.of();
            }
            List<String> prefix = List.of(setpriv.get().toString(), "--pdeathsig", "KILL");
            List<String> probe = new ArrayList<>(prefix);
            probe.add(shell());
            probe.addAll(List.of("-c", "exit 0"));
            try {
                Process tried = new ProcessBuilder(probe)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!tried.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    tried.destroyForcibly();
                    return List.of();
                }
                return tried.exitValue() == 0 ? prefix : List.of();
            } catch (IOException e) {
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** Lets the waiting command run. */
    void open() throws IOException {
        if (gate != null) {
            Files.writeString(gate, "go\n", StandardCharsets.US_ASCII);
        }
    }

    /** Stops a command that was never let go, and removes the gate. */
    void abandon() {
        if (grouped) {
            LocalProcesses.signalBot(
                    new BotProcess(process.pid(), null, null, process.pid()), LocalProcesses.Signal.KILL);
        }
        process.destroyForcibly();
        discardGate();
    }

    /** Removes the gate file; called once the command has been let through and has exited, or was abandoned. */
    void discardGate() {
        if (gate != null) {
            try {
                Files.deleteIfExists(gate);
            } catch (IOException ignored) {
                // A leftover empty file in the temp directory; nothing waits on it any more.
            }
        }
    }

    static String shell() {
        return Files.isExecutable(Path.of("/bin/sh")) ? "/bin/sh" : "sh";
    }

    /** The prefix that puts the command in a group of its own, or nothing where none is available. */
    private static List<String> groupWrapper() {
        Optional<Path> setsid = onPath("setsid");
        if (setsid.isPresent()) {
            return List.of(setsid.get().toString());
        }
        Optional<Path> perl = onPath("perl");
        if (perl.isPresent()) {
            return List.of(
                    perl.get().toString(),
                    "-e",
                    "setpgrp(0, 0) or die \"setpgrp: $!\\n\"; exec { $ARGV[0] } @ARGV or exit 127");
        }
        return List.of();
    }

    /** Fails as a shell would (command not found) before anything is started. */
    private static void requireExecutable(String program, ProcessBuilder builder) throws IOException {
        if (program.contains(File.separator) || program.contains("/")) {
            Path path = Path.of(program);
            if (!path.isAbsolute() && builder.directory() != null) {
                path = builder.directory().toPath().resolve(path);
            }
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IOException(program + ": " + (Files.exists(path) ? "not an executable file" : "not found"));
            }
            return;
        }
        if (WINDOWS) {
            return; // PATHEXT and the App Paths rules: let the OS say.
        }
        if (searchPath(program, builder.environment()).isEmpty()) {
            throw new IOException(program + ": command not found on PATH");
        }
    }

    static Optional<Path> onPath(String program) {
        return searchPath(program, System.getenv());
    }

    private static Optional<Path> searchPath(String program, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
