package io.instancelock.core.spi;

import io.instancelock.core.AccountId;
import io.instancelock.core.ProcessProbe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The storage steps of one lock location: claiming an account exclusively, reading and writing its
 * record, and looking without claiming. Implementations are safe for use from many threads.
 */
public interface LockBackend extends AutoCloseable {

    /**
     * Claims the account now if no other process (and no other caller in this process) holds its
     * claim. The returned slot's content is whatever was stored before.
     */
    Optional<Slot> tryClaim(AccountId account);

    /**
     * Claims the account, waiting for the current claimant to let go (by notification or in the
     * kernel, not by polling).
     *
     * @param timeout how long to wait at most, or {@code null} to wait until interrupted
     * @return the slot, or empty when the timeout passed
     */
    Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException;

    /** Looks at an account's claim and content without disturbing a holder. */
    Peek peek(AccountId account);

    /** Every account that has a record at this location, sorted. */
    List<AccountId> accounts();

    /** Where the locks live, for messages (e.g. the lock directory). */
    String location();

    /** Where one account's lock lives, for messages (e.g. its lock file). */
    String locationOf(AccountId account);

    /** Asks the OS about processes on this computer. */
    ProcessProbe processProbe();

    /** Releases what the backend holds open; claims still held are freed. */
    @Override
    void close();
}
