package io.instancelock.bench;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lock server backend (lock-pg) on a PostgreSQL started on this machine (zonky's embedded
 * binaries), with its default timings: round trips of an acquisition and a release (counted by a
 * proxy), acquire + release time, hand-over to a waiter in another JVM, and how long a holder takes
 * to count its lock lost when the network freezes, beside when the server gives the account away.
 */
final class PgBench {

    private static final String ACCOUNT = "400001";

    private final int warmUp;
    private final int measured;

    PgBench(int warmUp, int measured) {
        this.warmUp = warmUp;
        this.measured = measured;
    }

    record Result(
            int acquireTrips,
            int releaseTrips,
            Latencies acquireRelease,
            Latencies handOver,
            long lossNanos,
            long giveAwayNanos) {}

    Result run() throws Exception {
        Path dir = BenchDirs.fresh("pg");
        try (EmbeddedPostgres server = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.resolve("data"))
                        .setCleanDataDirectory(true)
                        .start();
                Proxy proxy = new Proxy(server.getPort())) {
            String direct = "postgresql://postgres@127.0.0.1:" + server.getPort() + "/postgres";
            String proxied = "postgresql://postgres@127.0.0.1:" + proxy.port() + "/postgres";
            int[] trips = roundTrips(proxied, proxy);
            Latencies acquireRelease = acquireRelease(direct);
            Latencies handOver = handOver(direct, dir, server);
            long[] loss = frozenNetwork(proxied, proxy, server);
            return new Result(trips[0], trips[1], acquireRelease, handOver, loss[0], loss[1]);
        } finally {
            BenchDirs.delete(dir);
        }
    }

    private static int[] roundTrips(String url, Proxy proxy) {
        AccountId account = AccountId.of(ACCOUNT);
        try (AccountLocks locks = AccountLocks.open(url, Clock.systemDefaultZone())) {
            for (int i = 0; i < 20; i++) {
                held(locks.tryAcquire(account, LockChild.BROKER)).close();
            }
            proxy.reset();
            LockHandle lock = held(locks.tryAcquire(account, LockChild.BROKER));
            int acquire = proxy.trips.get();
            proxy.reset();
            lock.close();
            return new int[] {acquire, proxy.trips.get()};
        }
    }

    private Latencies acquireRelease(String url) {
        AccountId account = AccountId.of(ACCOUNT);
        long[] nanos = new long[measured];
        try (AccountLocks locks = AccountLocks.open(url, Clock.systemDefaultZone())) {
            for (int i = 0; i < warmUp + measured; i++) {
                long start = System.nanoTime();
                held(locks.tryAcquire(account, LockChild.BROKER)).close();
                if (i >= warmUp) {
                    nanos[i - warmUp] = System.nanoTime() - start;
                }
            }
        }
        return Latencies.of(nanos);
    }

    private Latencies handOver(String url, Path dir, EmbeddedPostgres server) throws Exception {
        long[] nanos = new long[measured];
        try (ChildJvm first = ChildJvm.start(PgLockChild.class, dir.resolve("a.log"), url);
                ChildJvm second = ChildJvm.start(PgLockChild.class, dir.resolve("b.log"), url);
                Connection admin = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"))) {
            first.ask("take " + ACCOUNT, "took");
            ChildJvm holder = first;
            ChildJvm waiter = second;
            for (int round = 0; round < warmUp + measured; round++) {
                waiter.ask("wait " + ACCOUNT, "waiting");
                awaitWaiter(admin);
                long released = Long.parseLong(
                        holder.ask("release " + ACCOUNT, "released").split(" ")[1]);
                long acquired = Long.parseLong(waiter.await("acquired").split(" ")[1]);
                if (round >= warmUp) {
                    nanos[round - warmUp] = acquired - released;
                }
                ChildJvm previous = holder;
                holder = waiter;
                waiter = previous;
            }
            holder.ask("release " + ACCOUNT, "released");
        }
        return Latencies.of(nanos);
    }

    /** Until the server shows a session waiting for an advisory lock. */
    private static void awaitWaiter(Connection admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Statement statement = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet row = statement.executeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
                    row.next();
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("no waiter seen on the server within 10 s");
    }

    /** Freezes the proxy under a holder: when it counts its lock lost, and when another session gets it. */
    private static long[] frozenNetwork(String url, Proxy proxy, EmbeddedPostgres server) throws Exception {
        AccountId account = AccountId.of(ACCOUNT);
        try (AccountLocks locks = AccountLocks.open(url, Clock.systemDefaultZone());
                Connection other = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"))) {
            LockHandle lock = held(locks.tryAcquire(account, LockChild.BROKER));
            long frozen = System.nanoTime();
            CompletableFuture<Long> lost =
                    lock.whenLost().thenApply(loss -> System.nanoTime()).toCompletableFuture();
            proxy.frozen.set(true);
            long gotIt;
            try (Statement statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(0x494C4F43, (SELECT account_key FROM"
                        + " instance_lock.accounts WHERE account_id = '" + ACCOUNT + "'))");
                gotIt = System.nanoTime();
                statement.execute("SELECT pg_advisory_unlock_all()");
            }
            long lostAt = lost.get(60, TimeUnit.SECONDS);
            lock.close();
            proxy.frozen.set(false);
            return new long[] {lostAt - frozen, gotIt - frozen};
        }
    }

    private static LockHandle held(Acquisition attempt) {
        if (attempt instanceof Acquisition.Acquired acquired) {
            return acquired.handle();
        }
        throw new IllegalStateException("refused: " + attempt);
    }

    /** Forwards to the server; counts a round trip each time the client speaks after the server; can freeze. */
    private static final class Proxy implements AutoCloseable {
        final AtomicInteger trips = new AtomicInteger();
        final AtomicBoolean frozen = new AtomicBoolean();
        private final AtomicBoolean serverSpokeLast = new AtomicBoolean(true);
        private final ServerSocket listener;
        private final int target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Proxy(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        void reset() {
            trips.set(0);
            serverSpokeLast.set(true);
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    sockets.add(client);
                    sockets.add(server);
                    daemon(() -> pump(client, server, true));
                    daemon(() -> pump(server, client, false));
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void pump(Socket from, Socket to, boolean fromClient) {
            byte[] buffer = new byte[65536];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    while (frozen.get()) {
                        Thread.sleep(5);
                    }
                    if (fromClient && serverSpokeLast.getAndSet(false)) {
                        trips.incrementAndGet();
                    } else if (!fromClient) {
                        serverSpokeLast.set(true);
                    }
                    out.write(buffer, 0, read);
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "bench-proxy");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
