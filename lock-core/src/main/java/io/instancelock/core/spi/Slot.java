package io.instancelock.core.spi;

import io.instancelock.core.LockRecord;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /** A number larger than that of any earlier claim of this account, where the backend keeps one. */
    default OptionalLong fencingToken() {
        return OptionalLong.empty();
    }
}
