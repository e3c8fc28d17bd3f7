package io.instancelock.core;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the small text files of Linux's {@code /proc} with plain streams: {@code Files.readString}
 * and its readers and decoders cost a command-line tool milliseconds at their first use, and these
 * files are read by every {@code lockctl run} and most {@code status} calls.
 */
final class ProcFiles {

    private ProcFiles() {}

    /** The file whole, as Latin-1 text (what the kernel writes there is ASCII), or null when it cannot be read. */
    static String read(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
