package io.instancelock.pg;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.LockBackendFactory;
import io.instancelock.pg.internal.PgBackend;
import io.instancelock.pg.internal.PgSettings;
import io.instancelock.pg.internal.ServerAddress;
import java.time.Clock;

/**
 * Serves lock servers: {@code postgresql://[user[:password]@]host[:port]/database[?param=value]}, also
 * {@code postgres://} and {@code jdbc:postgresql://}. The password may come from the URL,
 * {@code PGPASSWORD} or {@code ~/.pgpass} ({@code PGPASSFILE}); other parameters ({@code sslmode}, ...)
 * go to the driver as they are. The password never appears in a message or a location.
 *
 * <pre>{@code
 * try (AccountLocks locks = AccountLocks.open("postgresql://bot@locks.example.com/trading", Clock.systemDefaultZone())) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The server must be reached directly (or through a session-mode pooler): a transaction-mode pooler
 * such as PgBouncer cannot carry a session's advisory lock, and a holder that finds its session
 * switched counts its lock as lost.
 */
public final class PgLockBackendFactory implements LockBackendFactory {

    @Override
    public String name() {
        return "lock server (PostgreSQL)";
    }

    @Override
    public boolean accepts(String location) {
        return ServerAddress.isServerUrl(location);
    }

    /**
     * Connects to the server and creates the schema {@code instance_lock} if it is missing.
     *
     * @throws io.instancelock.core.LockException of kind {@code SERVER_UNREACHABLE},
     *     {@code CREDENTIALS_REFUSED}, or {@code UNUSABLE_LOCATION} (no rights to create the schema: the
     *     message says which SQL an admin must run)
     */
    @Override
    public LockBackend open(String location, Clock clock) {
        return PgBackend.open(ServerAddress.parse(location), PgSettings.fromSystemProperties());
    }
}
