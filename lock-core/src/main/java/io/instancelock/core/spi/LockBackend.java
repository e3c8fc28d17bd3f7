package io.instancelock.core.spi;

import io.instancelock.core.AccountId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The storage steps of one lock location: claiming an account exclusively, reading and writing its
 * record, and looking without claiming. Implementations are safe for use from many threads.
 *
 * <p>What a found record means (whether its holder is still there) is never decided here but in
 * {@link io.instancelock.core.AccountLocks}; so is refusing a second claim of one account inside one
 * JVM, which {@code AccountLocks} does before it asks the backend.
 */
public interface LockBackend extends AutoCloseable {

    /**
     * Claims the account now if no other process holds its claim. A brief look by an observer that
     * collides with the attempt is the backend's to retry; a claim that stays busy is refused. The
     * returned slot's content is whatever was stored before.
     */
    Optional<Slot> tryClaim(AccountId account);

    /**
     * Claims the account, waiting up to {@code timeout} for the current claimant to let go, by
     * blocking or by polling. Interrupting the waiting thread ends the wait with nothing claimed.
     *
     * @return the slot, or empty when the timeout passed
     */
    Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException;

    /** Looks at an account's claim and content without disturbing a holder. */
    Peek peek(AccountId account);

    /**
     * Starts looking at many accounts in a row (a list). A backend may answer the survey's looks from
     * one reading of its claims taken during the survey instead of asking for each account; each
     * answer must still be one that was true at some instant of the survey. The default asks each time.
     */
    default Survey survey() {
        return new Survey() {
            @Override
            public Peek peek(AccountId account) {
                return LockBackend.this.peek(account);
            }

            @Override
            public void close() {}
        };
    }

    /** Looks at accounts as {@link LockBackend#peek} does, within one survey; close it when done. */
    interface Survey extends AutoCloseable {

        /** Looks at an account's claim and content without disturbing a holder. */
        Peek peek(AccountId account);

        @Override
        void close();
    }

    /** Every account that has a record at this location, sorted. */
    List<AccountId> accounts();

    /**
     * What is at this location besides locks (foreign files in a lock directory, say), for a health
     * check to name; empty where the backend cannot hold anything else.
     */
    default List<String> strayEntries() {
        return List.of();
    }

    /**
     * Records a request that the account's holder, wherever it runs, stop its bot and let go; the
     * holder's slot sees it through {@link Slot#stopRequested()}. Returns whether the request was
     * recorded: false where nobody holds the claim, or the backend cannot carry requests (a holder on
     * this computer is then signalled instead).
     */
    default boolean requestStop(AccountId account) {
        return false;
    }

    /** Where the locks live, for messages (e.g. the lock directory). Two backends on one location agree. */
    String location();

    /** Where one account's lock lives, for messages (e.g. its lock file). */
    String locationOf(AccountId account);

    /**
     * Releases what the backend itself holds open. Slots claimed through it stay valid until they are
     * closed or retired; {@link io.instancelock.core.AccountLocks#close()} does that first.
     */
    @Override
    void close();
}
