package io.instancelock.fs.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which bytes of one guard file other processes held exclusively at one instant, read from Linux's
 * {@code /proc/locks}: one reading for a list of many accounts instead of one {@code F_GETLK} per
 * account, each of which walks the guard's whole lock list in the kernel (a list of 10,000 with 3,333
 * held spent two thirds of its time in those walks). Why an answer from it is still true is argued in
 * {@code docs/protocol.md}, "Looking at many accounts".
 *
 * <p>Used only where the reading is complete (see {@link #usable}): {@code /proc/locks} leaves out the
 * locks of processes outside the reader's pid namespace, and on a network file system those of other
 * computers. The file is found in it by a shared lock this JVM takes on {@link #MARK_OFFSET} while it
 * reads, so no device numbering ({@code stat}'s and the kernel's differ on btrfs) has to be trusted.
 */
final class GuardSnapshot {

    /** A byte no account uses (theirs are above 2^62) and nobody locks exclusively. */
    static final long MARK_OFFSET = (1L << 62) - 1;

    /** {@code /proc/self/ns/pid} of the initial pid namespace, the only one that sees every process. */
    static final String INITIAL_PID_NAMESPACE = "pid:[4026531836]";

    /** File systems whose locks all live in this kernel, so that {@code /proc/locks} lists every one. */
    private static final Set<String> LOCAL_FILE_SYSTEMS =
            Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "f2fs");

    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private final Set<Long> heldBytes;
    /** Exclusive locks wider than one byte (none that instance-lock takes), as start and end pairs. */
    private final List<long[]> heldRanges;

    private GuardSnapshot(Set<Long> heldBytes, List<long[]> heldRanges) {
        this.heldBytes = heldBytes;
        this.heldRanges = heldRanges;
    }

    /** Whether another process held the byte exclusively when the snapshot was taken. */
    boolean heldElsewhere(long offset) {
        if (heldBytes.contains(offset)) {
            return true;
        }
        for (long[] range : heldRanges) {
            if (range[0] <= offset && offset <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** How many exclusive locks of other processes the snapshot saw on the file. */
    int size() {
        return heldBytes.size() + heldRanges.size();
    }

    /**
     * Whether {@code /proc/locks} shows every lock on a guard file of {@code directory}: on Linux, read
     * from the initial pid namespace, for a file system of this computer's.
     */
    static boolean usable(Path directory) {
        if (!System.getProperty("os.name", "").equals("Linux") || !Files.isReadable(PROC_LOCKS)) {
            return false;
        }
        try {
            String namespace =
                    Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            String type = Files.getFileStore(directory).type();
            return usable(namespace, type);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    static boolean usable(String pidNamespace, String fileSystemType) {
        return INITIAL_PID_NAMESPACE.equals(pidNamespace)
                && LOCAL_FILE_SYSTEMS.contains(fileSystemType.toLowerCase(Locale.ROOT));
    }

    /** The text of {@code /proc/locks} now (numbers and names in ASCII: no byte can fail to decode). */
    static String readProcLocks() throws IOException {
        return Files.readString(PROC_LOCKS, StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses a reading of {@code /proc/locks} taken while this process ({@code pid}) held a shared lock
     * on {@link #MARK_OFFSET} of the guard: the file is the one that lock is on. Returns null when that
     * lock is not in the text (the reading cannot be placed, so it must not be trusted).
     *
     * <p>A line reads {@code ID: POSIX ADVISORY WRITE PID MAJ:MIN:INODE START END}; a blocked request
     * is {@code ID: -> ...} under the lock it waits for and holds nothing; {@code OFDLCK} locks (pid -1)
     * exclude as POSIX ones do; flock(2) locks and leases never conflict with a byte lock.
     */
    static GuardSnapshot parse(String procLocks, long pid) {
        List<String[]> locks = new ArrayList<>();
        String file = null;
        String ownPid = Long.toString(pid);
        String mark = Long.toString(MARK_OFFSET);
        int at = 0;
        while (at < procLocks.length()) {
            int end = procLocks.indexOf('\n', at);
            if (end < 0) {
                end = procLocks.length();
            }
            String[] fields = fields(procLocks, at, end);
            at = end + 1;
            if (fields == null || fields[1].equals("->")) {
                continue;
            }
            if (!fields[1].equals("POSIX") && !fields[1].equals("OFDLCK")) {
                continue;
            }
            if (fields[4].equals(ownPid)) {
                if (fields[3].equals("READ") && fields[6].equals(mark) && fields[7].equals(mark)) {
                    if (file != null && !file.equals(fields[5])) {
                        return null; // two marks of this process: which one is the guard's cannot be told
                    }
                    file = fields[5];
                }
                continue; // this JVM's own locks are answered from its own record of them
            }
            if (fields[3].equals("WRITE")) {
                locks.add(fields);
            }
        }
        if (file == null) {
            return null;
        }
        Set<Long> bytes = new HashSet<>();
        List<long[]> ranges = new ArrayList<>();
        for (String[] lock : locks) {
            if (!lock[5].equals(file)) {
                continue;
            }
            try {
                long start = Long.parseLong(lock[6]);
                long end = lock[7].equals("EOF") ? Long.MAX_VALUE : Long.parseLong(lock[7]);
                if (start == end) {
                    bytes.add(start);
                } else {
                    ranges.add(new long[] {start, end});
                }
            } catch (NumberFormatException e) {
                return null; // a format this parser does not know: not trusted
            }
        }
        return new GuardSnapshot(bytes, ranges);
    }

    /** The first eight space-separated fields of the line {@code text[from, to)}, or null when it has fewer. */
    private static String[] fields(String text, int from, int to) {
        String[] fields = new String[8];
        int count = 0;
        int at = from;
        while (count < fields.length) {
            while (at < to && text.charAt(at) == ' ') {
                at++;
            }
            if (at >= to) {
                return null;
            }
            int start = at;
            while (at < to && text.charAt(at) != ' ') {
                at++;
            }
            fields[count++] = text.substring(start, at);
        }
        return fields;
    }
}
