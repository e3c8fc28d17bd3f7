package io.instancelock.pg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.pg.PgServer;
import io.instancelock.pg.TcpProxy;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Round trips to the server, counted by a proxy: two to acquire on a warm connection, one to release. */
class RoundTripTest {

    /** Heartbeats far apart, so that none falls into a counted acquisition. */
    private static final PgSettings QUIET = new PgSettings(
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(5));

    @Test
    void acquireTakesTwoRoundTripsAndReleaseOne() throws Exception {
        String database = PgServer.database(PgServer.freshDatabase());
        AccountId account = AccountId.of("123456");
        try (TcpProxy proxy = new TcpProxy(PgServer.shared().getPort());
                AccountLocks locks = AccountLocks.using(
                        PgBackend.open(ServerAddress.parse(PgServer.url(proxy.port(), database)), QUIET),
                        Clock.systemDefaultZone())) {
            for (int warm = 0; warm < 3; warm++) {
                ((Acquisition.Acquired) locks.tryAcquire(account, "john"))
                        .handle()
                        .close();
            }
            // when
            proxy.resetCount();
            LockHandle lock = ((Acquisition.Acquired) locks.tryAcquire(account, "john")).handle();
            int acquire = proxy.roundTrips();
            proxy.resetCount();
            lock.close();
            int release = proxy.roundTrips();
            // then
            System.out.printf("round trips: acquire %d, release %d%n", acquire, release);
            assertThat(acquire).isEqualTo(2);
            assertThat(release).isEqualTo(1);
        }
    }
}
