package io.instancelock.core.spi;

import java.util.Objects;

/**
 * What an observer sees of an account without claiming it.
 *
 * @param claim whether someone holds the claim
 * @param content the stored record, if any
 */
public record Peek(Claim claim, SlotContent content) {

    /** Who holds an account's claim, as far as an observer can tell. */
    public enum Claim {
        /** Nobody holds it. */
        FREE,
        /** Another process holds it. */
        HELD,
        /** A caller in this process holds it. */
        HELD_IN_THIS_PROCESS,
        /** It cannot be told without disturbing a caller in this process that waits for it. */
        UNKNOWN
    }

    /** @throws NullPointerException when a component is missing */
    public Peek {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(content, "content");
    }
}
