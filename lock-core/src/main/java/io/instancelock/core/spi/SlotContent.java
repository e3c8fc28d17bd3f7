package io.instancelock.core.spi;

import io.instancelock.core.LockRecord;

/** What an account's storage holds. */
public sealed interface SlotContent permits SlotContent.Absent, SlotContent.Present, SlotContent.Unreadable {

    /** No record: nothing stored, or it is being removed. */
    record Absent() implements SlotContent {}

    /** A readable record. */
    record Present(LockRecord record) implements SlotContent {}

    /** Something is stored but it is not a record (empty, truncated, foreign, too large). */
    record Unreadable(String reason) implements SlotContent {}
}
