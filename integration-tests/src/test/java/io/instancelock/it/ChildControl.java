package io.instancelock.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * The child side of {@link Child}'s control channel: standard input. A child prints {@code READY},
 * may wait for the line {@code go}, and takes the end of its input as the request to stop.
 */
final class ChildControl {

    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);

    private ChildControl() {}

    /** Starts listening to standard input on a daemon thread. */
    static ChildControl listen() {
        ChildControl control = new ChildControl();
        Thread reader = new Thread(control::readCommands, "control");
        reader.setDaemon(true);
        reader.start();
        return control;
    }

    /** Says the child is ready; the test waits for this line. */
    void ready() {
        say("READY");
    }

    /** Prints one line to standard output at once. */
    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Blocks until the test sends {@code go} (or stops the child). */
    void awaitGo() throws InterruptedException {
        go.await();
    }

    /** Whether the test has asked the child to stop. */
    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Blocks until the test asks the child to stop. */
    void awaitStop() throws InterruptedException {
        stop.await();
    }

    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("go")) {
                    go.countDown();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            go.countDown();
            stop.countDown();
        }
    }
}
