package io.instancelock.pg.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backend's daemon threads, shared by every backend in the JVM so that slots outlive the backend
 * that claimed them: one clock thread that only checks deadlines and starts heartbeats (it never
 * waits for the server), and a pool for statements that may block (heartbeats, waiting claims).
 */
final class Threads {

    static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(named("clock"));

    static final ExecutorService IO = Executors.newCachedThreadPool(named("io"));

    private Threads() {}

    private static java.util.concurrent.ThreadFactory named(String role) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "instance-lock-pg-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
