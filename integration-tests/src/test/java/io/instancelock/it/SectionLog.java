package io.instancelock.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared, append-only log of critical sections: one line per event, written by the process that
 * is (or believes it is) inside. Each line is one {@code write} to a file opened in append mode, so
 * lines from different processes never interleave and the file's order is the order of the writes.
 *
 * <p>Format: {@code KIND PID THREAD CYCLE NANOTIME [DETAIL]}, where KIND is {@code E} (entered, written
 * after acquiring), {@code X} (exiting, written before releasing) or {@code V} (a violation seen by
 * the shared resource). {@link System#nanoTime()} is the machine-wide monotonic clock on Linux, so
 * times of different processes compare.
 */
final class SectionLog implements AutoCloseable {

    /** One line of the log. */
    record Entry(char kind, long pid, int thread, long cycle, long nanos, String detail) {

        static Entry parse(String line) {
            String[] parts = line.split(" ", 6);
            if (parts.length < 5 || parts[0].length() != 1) {
                throw new IllegalArgumentException("not a section log line: '" + line + "'");
            }
            return new Entry(
                    parts[0].charAt(0),
                    Long.parseLong(parts[1]),
                    Integer.parseInt(parts[2]),
                    Long.parseLong(parts[3]),
                    Long.parseLong(parts[4]),
                    parts.length == 6 ? parts[5] : "");
        }

        /** The process and thread that wrote the line, e.g. {@code 4242/0}. */
        String holder() {
            return pid + "/" + thread;
        }

        String format() {
            return kind + " " + pid + " " + thread + " " + cycle + " " + nanos + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    /** Appends from many threads are safe: a channel serialises its writes. */
    private final FileChannel channel;

    private final long pid = ProcessHandle.current().pid();

    private SectionLog(FileChannel channel) {
        this.channel = channel;
    }

    static SectionLog append(Path file) throws IOException {
        return new SectionLog(
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    void entered(int thread, long cycle) throws IOException {
        write(new Entry('E', pid, thread, cycle, System.nanoTime(), ""));
    }

    void exiting(int thread, long cycle) throws IOException {
        write(new Entry('X', pid, thread, cycle, System.nanoTime(), ""));
    }

    void violation(int thread, long cycle, String what) throws IOException {
        write(new Entry('V', pid, thread, cycle, System.nanoTime(), what.replace('\n', ' ')));
    }

    private void write(Entry entry) throws IOException {
        byte[] line = (entry.format() + "\n").getBytes(StandardCharsets.UTF_8);
        int written = channel.write(ByteBuffer.wrap(line));
        if (written != line.length) {
            throw new IOException("short append to the section log: " + written + " of " + line.length + " bytes");
        }
    }

    /** Every entry of a log, in file order. */
    static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    entries.add(Entry.parse(line));
                }
            }
        }
        return entries;
    }

    /** Reads a log as it grows: each call returns the whole lines appended since the last. */
    static final class Follower {
        private final Path file;
        private long offset;
        private final StringBuilder partial = new StringBuilder();

        Follower(Path file) {
            this.file = file;
        }

        List<Entry> next() throws IOException {
            List<Entry> entries = new ArrayList<>();
            if (!Files.exists(file)) {
                return entries;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, channel.size() - offset));
                while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                    // read on
                }
                offset += buffer.position();
                partial.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
            }
            int end;
            while ((end = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, end);
                partial.delete(0, end + 1);
                if (!line.isEmpty()) {
                    entries.add(Entry.parse(line));
                }
            }
            return entries;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
