package io.instancelock.core.spi;

import io.instancelock.core.LockRecord;

/** A claimed account: only its holder may write its record. Used by one holder, from any thread. */
public interface Slot extends AutoCloseable {

    /** What was stored when the slot was claimed, or since written through it. */
    SlotContent content();

    /** Replaces the stored record. */
    void write(LockRecord record);

    /** Removes the record and frees the claim; the slot cannot be used afterwards. */
    void retire();

    /** Frees the claim and leaves the record as it is; the slot cannot be used afterwards. */
    @Override
    void close();

    /** Where this lock lives, e.g. the lock file's path. */
    String location();
}
