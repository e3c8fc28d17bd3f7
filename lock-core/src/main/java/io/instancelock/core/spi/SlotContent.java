package io.instancelock.core.spi;

import io.instancelock.core.LockRecord;
import java.time.Instant;
import java.util.Objects;

/** What an account's storage holds. */
public sealed interface SlotContent permits SlotContent.Absent, SlotContent.Present, SlotContent.Unreadable {

    /** No record: nothing stored, or it is being removed. */
    record Absent() implements SlotContent {}

    /**
     * A readable record.
     *
     * @param record the record
     * @param writtenAt when the storage says the record was last written (a file's modification time),
     *     or {@code null} when it does not say. Carries no time zone, unlike the record's own
     *     {@code created_at}. Only the older launcher's records are judged by it (instance-lock's own
     *     are judged by their claim), so a backend may leave it {@code null} for the others rather
     *     than ask its storage.
     */
    record Present(LockRecord record, Instant writtenAt) implements SlotContent {
        /** @throws NullPointerException when the record is missing */
        public Present {
            Objects.requireNonNull(record, "record");
        }

        /** A record whose write time the storage does not know. */
        public Present(LockRecord record) {
            this(record, null);
        }
    }

    /** Something is stored but it is not a record (empty, truncated, foreign, too large). */
    record Unreadable(String reason) implements SlotContent {}
}
