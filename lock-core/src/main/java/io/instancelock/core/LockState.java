package io.instancelock.core;

/** What an account's lock looks like to an observer. */
public enum LockState {
    /** Nobody holds the account: it can be taken. */
    FREE,
    /** A live process holds the account (or a bot it started is still trading). */
    HELD,
    /** A lock file is left, but its holder is gone: the next acquirer takes it over. */
    STALE,
    /**
     * A lock file that cannot be judged from here (e.g. the older launcher's, written on another
     * computer): treated as held; only an explicit admin action removes it.
     */
    UNKNOWN;

    /** The lower-case name used in command-line and JSON output. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether an acquirer must be refused in this state. */
    public boolean blocksAcquirers() {
        return this == HELD || this == UNKNOWN;
    }
}
