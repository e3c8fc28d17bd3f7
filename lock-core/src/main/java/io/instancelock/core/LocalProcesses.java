package io.instancelock.core;

import io.instancelock.core.spi.ProcessProbe;
import io.instancelock.core.spi.ProcessProbe.Liveness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * The processes of this computer as the lock rules see them: {@link ProcessHandle} first, then
 * {@code /proc} on Linux, then an optional native {@link ProcessProbe} service (lock-fs contributes
 * one), loaded only when the first two cannot answer.
 *
 * <p>Front ends use the static methods to find and signal the processes a lock record names, by the
 * same rule the stale rules use.
 */
public final class LocalProcesses implements ProcessView {

    static final LocalProcesses INSTANCE = new LocalProcesses();

    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final Path PROC = Path.of("/proc");
    private static final long SIGNAL_TIMEOUT_MILLIS = 5_000;

    private volatile String bootId;
    private volatile Boolean procShowsAll;
    private volatile Optional<ProcessProbe> nativeProbe;

    private LocalProcesses() {}

    /** A signal to a bot, by its POSIX name. */
    public enum Signal {
        /** SIGINT: what Ctrl-C sends. */
        INT,
        /** SIGTERM: asks to end. */
        TERM,
        /** SIGKILL: ends at once. */
        KILL
    }

    /** The live process with the record's holder pid, if it is still the process that wrote it. */
    public static Optional<ProcessHandle> holder(LockRecord record) {
        return SameProcess.of(INSTANCE, record.pid(), record.processStartedAt(), record.processStartKey())
                        == SameProcess.Answer.SAME
                ? ProcessHandle.of(record.pid())
                : Optional.empty();
    }

    /** The live leader of the record's bot, if it is still the process that was recorded. */
    public static Optional<ProcessHandle> botLeader(BotProcess bot) {
        return SameProcess.of(INSTANCE, bot.pid(), bot.startedAt(), bot.startKey()) == SameProcess.Answer.SAME
                ? ProcessHandle.of(bot.pid())
                : Optional.empty();
    }

    /** Whether the bot, or (for a bot in a group of its own) anything it started, still runs here. */
    public static boolean botRuns(BotProcess bot) {
        return SameProcess.botRuns(INSTANCE, bot) != SameProcess.Answer.GONE;
    }

    /**
     * Sends a signal to the bot and everything in its process group (on Windows: to the bot and its
     * descendants; {@code INT} is not available there).
     *
     * @return whether the signal could be sent
     */
    public static boolean signalBot(BotProcess bot, Signal signal) {
        if (!botRuns(bot)) {
            return false;
        }
        if (WINDOWS || !bot.hasGroup()) {
            return botLeader(bot).map(leader -> signalTree(leader, signal)).orElse(false);
        }
        return kill(signal, "-" + bot.processGroup());
    }

    /** Sends a signal to one process (on Windows: ends it, for TERM and KILL). */
    public static boolean signal(ProcessHandle process, Signal signal) {
        if (WINDOWS) {
            return switch (signal) {
                case INT -> false;
                case TERM -> process.destroy();
                case KILL -> process.destroyForcibly();
            };
        }
        return kill(signal, Long.toString(process.pid()));
    }

    private static boolean signalTree(ProcessHandle leader, Signal signal) {
        if (!WINDOWS) {
            return signal(leader, signal);
        }
        leader.descendants().forEach(child -> signal(child, signal));
        return signal(leader, signal);
    }

    private static boolean kill(Signal signal, String target) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal.name(), "--", target)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return waitUninterruptibly(kill) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int waitUninterruptibly(Process process) {
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SIGNAL_TIMEOUT_MILLIS);
            while (true) {
                try {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || process.waitFor(left, TimeUnit.NANOSECONDS)) {
                        return process.isAlive() ? -1 : process.exitValue();
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This process as a bot record would name it; {@code processGroup} is 0 or the pid. */
    BotProcess identify(long pid, long processGroup) {
        return new BotProcess(pid, startTime(pid).orElse(null), startKey(pid).orElse(null), processGroup);
    }

    @Override
    public Liveness liveness(long pid) {
        if (pid <= 0) {
            return Liveness.DEAD;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            return process.get().isAlive() && !isZombie(pid) ? Liveness.ALIVE : Liveness.DEAD;
        }
        if (LINUX) {
            // No /proc entry proves the pid dead, unless /proc hides other users' processes from us.
            if (Files.exists(PROC.resolve(Long.toString(pid)))) {
                return Liveness.ALIVE;
            }
            if (procShowsAll()) {
                return Liveness.DEAD;
            }
        }
        Liveness answer = nativeProbe().map(p -> p.liveness(pid)).orElse(Liveness.UNKNOWN);
        if (answer == Liveness.UNKNOWN && !WINDOWS && !LINUX) {
            // macOS and the BSDs list every user's processes to ProcessHandle: absent is dead.
            return Liveness.DEAD;
        }
        return answer;
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant());
    }

    @Override
    public Optional<String> startKey(long pid) {
        if (!LINUX) {
            return Optional.empty();
        }
        String[] fields = statFields(pid);
        String boot = bootId();
        // Field 22 of /proc/PID/stat (index 19 after the command): start time in clock ticks since boot;
        // with the boot id and the pid, no other process, in this boot or another, has the same key.
        if (fields == null || fields.length < 20 || boot == null) {
            return Optional.empty();
        }
        return Optional.of("linux:" + boot + ":" + pid + ":" + fields[19]);
    }

    @Override
    public Liveness groupLiveness(long pgid) {
        if (pgid <= 0) {
            return Liveness.DEAD;
        }
        if (LINUX) {
            byte[] buffer = new byte[1024];
            if (inGroup(pgid, pgid, buffer)) {
                return Liveness.ALIVE;
            }
            // java.io.File.list: one directory read, no glob; this runs every 50 ms while a bot's
            // leftovers keep its account held, and once when any bot with a group exits.
            String[] entries = PROC.toFile().list();
            if (entries == null) {
                return Liveness.UNKNOWN;
            }
            for (String entry : entries) {
                if (!entry.isEmpty() && entry.charAt(0) >= '1' && entry.charAt(0) <= '9') {
                    try {
                        if (inGroup(Long.parseLong(entry), pgid, buffer)) {
                            return Liveness.ALIVE;
                        }
                    } catch (NumberFormatException e) {
                        // not a process directory
                    }
                }
            }
            if (procShowsAll()) {
                return Liveness.DEAD;
            }
        }
        return nativeProbe().map(p -> p.groupLiveness(pgid)).orElse(Liveness.UNKNOWN);
    }

    /**
     * Whether a running (not zombie) process {@code pid} is in group {@code pgid}. Reads /proc/PID/stat
     * with one {@code read} into a buffer and parses only the fields it needs: a group's check scans
     * every process on the machine once when a bot exits, and decoding each file whole (NIO, a string,
     * a split into 50 fields) cost that scan 5 to 14 ms for 66 processes.
     */
    private static boolean inGroup(long pid, long pgid, byte[] buffer) {
        int length;
        try (java.io.FileInputStream stat = new java.io.FileInputStream("/proc/" + pid + "/stat")) {
            length = stat.read(buffer);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        // After the command, which ends at the last ')': state, ppid, pgrp.
        int at = length - 1;
        while (at > 0 && buffer[at] != ')') {
            at--;
        }
        if (at <= 0 || at + 2 >= length) {
            return false;
        }
        byte state = buffer[at + 2];
        if (state == 'Z' || state == 'X') {
            return false;
        }
        at = skipField(buffer, skipField(buffer, at + 2, length), length); // past the state and the ppid
        long group = 0;
        int digits = 0;
        for (; at < length && buffer[at] >= '0' && buffer[at] <= '9'; at++, digits++) {
            group = group * 10 + (buffer[at] - '0');
        }
        return digits > 0 && group == pgid;
    }

    /** The index of the first character of the field after the one starting at {@code at}. */
    private static int skipField(byte[] buffer, int at, int length) {
        while (at < length && buffer[at] != ' ') {
            at++;
        }
        return at + 1;
    }

    /**
     * A process that has exited but was not yet reaped by its parent (common for orphans in
     * containers whose first process reaps nothing) still has a pid, but runs no code: it is dead.
     */
    private static boolean isZombie(long pid) {
        if (!LINUX) {
            return false;
        }
        String[] fields = statFields(pid);
        return fields != null && isExited(fields[0]);
    }

    private static boolean isExited(String state) {
        return state.equals("Z") || state.equals("X");
    }

    /** The fields of /proc/PID/stat after the command name (which may itself hold spaces), or null. */
    private static String[] statFields(long pid) {
        try {
            String line = ProcFiles.read("/proc/" + pid + "/stat");
            if (line == null) {
                return null;
            }
            int end = line.lastIndexOf(')');
            return end < 0 || end + 2 >= line.length()
                    ? null
                    : line.substring(end + 2).trim().split(" ");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The lines of a file of /proc, or an empty list when it cannot be read. */
    private static List<String> procLines(String path) {
        String text = ProcFiles.read(path);
        return text == null ? List.of() : List.of(text.split("\n"));
    }

    private String bootId() {
        String id = bootId;
        if (id == null) {
            String read = ProcFiles.read("/proc/sys/kernel/random/boot_id");
            id = read == null ? "" : read.trim();
            bootId = id;
        }
        return id.isEmpty() ? null : id;
    }

    /**
     * Whether /proc lists every process to us: it is not mounted with {@code hidepid}, or we are root.
     * Read once: mount options do not change under a running process in practice.
     */
    private boolean procShowsAll() {
        Boolean shows = procShowsAll;
        if (shows == null) {
            shows = isRoot() || !procHidesProcesses();
            procShowsAll = shows;
        }
        return shows;
    }

    private static boolean isRoot() {
        try {
            for (String line : procLines("/proc/self/status")) {
                if (line.startsWith("Uid:")) {
                    // Real, effective, saved and file system uid; the effective one decides.
                    java.util.StringTokenizer ids = new java.util.StringTokenizer(line.substring(4));
                    if (ids.countTokens() < 2) {
                        return false;
                    }
                    ids.nextToken();
                    return ids.nextToken().equals("0");
                }
            }
        } catch (RuntimeException e) {
            // Not known: assume not root.
        }
        return false;
    }

    private static boolean procHidesProcesses() {
        List<String> lines = procLines("/proc/self/mountinfo");
        if (lines.isEmpty()) {
            return true;
        }
        try {
            for (String line : lines) {
                String[] parts = line.split(" ");
                if (parts.length > 4 && parts[4].equals("/proc") && line.contains(" - proc ")) {
                    return hidesProcesses(line.substring(line.indexOf(" - proc ") + 8));
                }
            }
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Whether /proc's options (after its source, e.g. {@code proc rw,hidepid=invisible}) hide other
     * users' processes. Without {@code java.util.regex}, which would cost {@code lockctl run} its start-up.
     */
    static boolean hidesProcesses(String options) {
        for (String option : options.split(",")) {
            String trimmed = option.trim();
            int space = trimmed.lastIndexOf(' ');
            String name = space < 0 ? trimmed : trimmed.substring(space + 1);
            if (name.startsWith("hidepid=")) {
                String value = name.substring("hidepid=".length());
                return value.equals("1")
                        || value.equals("2")
                        || value.equals("noaccess")
                        || value.equals("invisible")
                        || value.equals("ptraceable");
            }
        }
        return false;
    }

    private Optional<ProcessProbe> nativeProbe() {
        Optional<ProcessProbe> probe = nativeProbe;
        if (probe == null) {
            probe = loadNativeProbe();
            nativeProbe = probe;
        }
        return probe;
    }

    private static Optional<ProcessProbe> loadNativeProbe() {
        try {
            Iterator<ProcessProbe> found = ServiceLoader.load(ProcessProbe.class, LocalProcesses.class.getClassLoader())
                    .iterator();
            if (!found.hasNext()) {
                found = ServiceLoader.load(ProcessProbe.class).iterator();
            }
            return found.hasNext() ? Optional.of(found.next()) : Optional.empty();
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return Optional.empty();
        }
    }
}
