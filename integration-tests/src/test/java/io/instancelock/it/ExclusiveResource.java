package io.instancelock.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A resource that breaks when two processes use it at once, independent of the section log: a marker
 * that only one process can link into place (link(2) fails if the name exists), naming its occupant,
 * and a counter updated by read, add one, write (two at once lose an update).
 *
 * <p>A holder killed inside leaves its marker behind. With {@code crashesExpected}, a marker whose
 * occupant is dead (or dies within {@link Timing#DYING_HOLDER}: the kernel frees a killed process's
 * locks while it exits) is cleared; a live occupant is always a violation.
 */
final class ExclusiveResource {

    private final Path inside;
    private final Path ownMarker;
    private final Path counter;
    private final boolean crashesExpected;

    ExclusiveResource(Path directory, boolean crashesExpected) throws IOException {
        long pid = ProcessHandle.current().pid();
        this.inside = directory.resolve("inside");
        this.ownMarker = directory.resolve("marker-" + pid);
        this.counter = directory.resolve("counter");
        this.crashesExpected = crashesExpected;
        Files.writeString(ownMarker, Long.toString(pid), StandardCharsets.UTF_8);
    }

    /** Marks the resource as ours; returns what proves another process inside, or empty when alone. */
    Optional<String> occupy() throws IOException, InterruptedException {
        while (true) {
            try {
                Files.createLink(inside, ownMarker);
                return Optional.empty();
            } catch (FileAlreadyExistsException e) {
                Optional<Long> occupant = occupant();
                if (occupant.isEmpty()) {
                    return Optional.of("the marker vanished while we held the lock: another process was inside");
                }
                if (!crashesExpected) {
                    return Optional.of("pid " + occupant.get() + " is inside the critical section too");
                }
                Optional<String> alive = awaitDeathOf(occupant.get());
                if (alive.isPresent()) {
                    return alive;
                }
                Files.deleteIfExists(inside);
            }
        }
    }

    /** Adds one to the shared counter. */
    void increment() throws IOException {
        long value = count(counter);
        Files.writeString(counter, Long.toString(value + 1), StandardCharsets.UTF_8);
    }

    /** Removes our marker: we are about to release the lock. */
    void vacate() throws IOException {
        Files.delete(inside);
    }

    /** The counter's value in a resource directory (0 when never incremented). */
    static long count(Path counterOrDirectory) throws IOException {
        Path file = Files.isDirectory(counterOrDirectory) ? counterOrDirectory.resolve("counter") : counterOrDirectory;
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    private Optional<Long> occupant() throws IOException {
        try {
            return Optional.of(Long.parseLong(
                    Files.readString(inside, StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Empty when {@code pid} is (or soon is) dead; otherwise what proves it was inside with us. */
    private Optional<String> awaitDeathOf(long pid) throws InterruptedException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.empty();
        }
        try {
            process.get().onExit().get(Timing.DYING_HOLDER.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("pid " + pid + " left its marker and is still alive after " + Timing.DYING_HOLDER
                    + ": it was inside the critical section with us");
        } catch (ExecutionException e) {
            return Optional.of("cannot tell whether pid " + pid + " is alive: " + e.getCause());
        }
    }
}
