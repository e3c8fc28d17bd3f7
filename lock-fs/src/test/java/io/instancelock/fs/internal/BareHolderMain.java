package io.instancelock.fs.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another process that holds a lock file's own lock and no guard byte, as a holder from before the
 * guard file was replaced does. Usage: {@code FILE}; prints {@code HELD}; on the line {@code drop} it
 * removes the file and lets its lock go, as such a holder's release does, and prints {@code DROPPED}.
 */
public final class BareHolderMain {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
            FileLock lock = open.getChannel().lock(LockFileIo.LOCK_POSITION, 1, false);
            System.out.println("HELD");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("drop")) {
                    Files.delete(file);
                    lock.release();
                    System.out.println("DROPPED");
                }
            }
        }
    }
}
