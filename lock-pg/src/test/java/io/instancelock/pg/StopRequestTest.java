package io.instancelock.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stop request recorded on the server reaches the holder at its next heartbeat. */
class StopRequestTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");

    @Test
    void requestStopReachesTheHolderOnlyWhileItHolds() {
        String url = PgServer.freshDatabase();
        try (AccountLocks holder = AccountLocks.open(url, Clock.systemDefaultZone());
                AccountLocks other = AccountLocks.open(url, Clock.systemDefaultZone())) {
            assertThat(other.requestStop(ACCOUNT)).as("nobody holds it").isFalse();
            LockHandle lock = ((Acquisition.Acquired) holder.tryAcquire(ACCOUNT, "john")).handle();
            assertThat(lock.whenStopRequested().toCompletableFuture()).isNotDone();
            // when
            assertThat(other.requestStop(ACCOUNT)).isTrue();
            // then
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lock.whenStopRequested().toCompletableFuture().isDone());
            assertThat(lock.isHeld()).isTrue();
            lock.close();
            assertThat(other.requestStop(ACCOUNT)).isFalse();
            LockHandle next = ((Acquisition.Acquired) holder.tryAcquire(ACCOUNT, "john")).handle();
            await().during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !next.whenStopRequested().toCompletableFuture().isDone());
            next.close();
        }
    }
}
