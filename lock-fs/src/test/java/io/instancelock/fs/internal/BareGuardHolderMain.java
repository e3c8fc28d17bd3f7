package io.instancelock.fs.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process that holds bytes of a guard file and nothing else, as claims in progress look from
 * outside. Usage: {@code GUARD_FILE OFFSET...}; prints {@code HELD}, then holds them until its input ends.
 */
public final class BareGuardHolderMain {

    public static void main(String[] args) throws Exception {
        try (FileChannel guard =
                FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 1; i < args.length; i++) {
                guard.lock(Long.parseLong(args[i]), 1, false);
            }
            System.out.println("HELD");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
