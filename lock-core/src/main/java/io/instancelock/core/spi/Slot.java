package io.instancelock.core.spi;

import io.instancelock.core.LockRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/** A claimed account: only its holder may write its record. Used by one holder, from any thread. */
public interface Slot extends AutoCloseable {

    /** What was stored when the slot was claimed, or since written through it. */
    SlotContent content();

    /** Replaces the stored record. */
    void write(LockRecord record);

    /**
     * Removes the record, if it is still the one written through this slot (a record someone else has
     * written over it, such as the older launcher's, is left in place), and frees the claim. The slot
     * cannot be used afterwards.
     */
    void retire();

    /** Frees the claim and leaves the record as it is; the slot cannot be used afterwards. */
    @Override
    void close();

    /** Where this lock lives, e.g. the lock file's path. */
    String location();

    /**
     * Completes, with the reason in words, when the claim is lost while the slot is held: the holder
     * must stop at once. A backend that can never lose a claim keeps the default, which never
     * completes. After a loss the slot must still be closed; it then frees what is left.
     */
    default CompletionStage<String> lost() {
        return new CompletableFuture<>();
    }

    /**
     * Tells a backend that watches its stored record (a lock file a user may delete, replace or write
     * over) what it may write over. When the record it finds is no longer the one written through this
     * slot, the backend restores its own if {@code mayOverwrite} accepts what it found, and reports a
     * loss if not: what a found record means is core's decision. A backend that does not watch keeps
     * the default, which ignores it.
     */
    default void watch(Predicate<SlotContent> mayOverwrite) {}

    /**
     * Completes when someone asked, through the backend, that this holder stop its bot and let go (a
     * {@code lockctl stop} on another computer, recorded on a lock server). A backend that cannot carry
     * such a request keeps the default, which never completes.
     */
    default CompletionStage<Void> stopRequested() {
        return new CompletableFuture<>();
    }

    /**
     * How long the holder may go without confirming its claim before it must count the claim as lost,
     * where the claim can outlive a holder that stops responding (a lock server gives the account away
     * some time after a frozen holder's session goes quiet). A bot that trades for a frozen holder must
     * be stopped within this time. Empty where the claim ends only when the holder's process ends.
     */
    default Optional<Duration> confirmationDeadline() {
        return Optional.empty();
    }

    /** A number larger than that of any earlier claim of this account, where the backend keeps one. */
    default OptionalLong fencingToken() {
        return OptionalLong.empty();
    }
}
