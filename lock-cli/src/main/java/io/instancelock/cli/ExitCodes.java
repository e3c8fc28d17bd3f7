package io.instancelock.cli;

/** The exit codes scripts rely on. */
final class ExitCodes {

    static final int OK = 0;
    /** A check failed (doctor) or an unexpected error occurred. */
    static final int FAILED = 1;

    static final int USAGE = 2;
    /** The lock server cannot be reached (sysexits EX_UNAVAILABLE). */
    static final int SERVER_UNREACHABLE = 69;
    /** The lock directory is unusable (sysexits EX_IOERR). */
    static final int UNUSABLE_DIRECTORY = 74;
    /** The account is held by another process (sysexits EX_TEMPFAIL, as flock(1) -E suggests). */
    static final int HELD = 75;
    /** The lock was lost while {@code run}'s command ran; the command was stopped. */
    static final int LOST = 76;
    /** The lock server refused the credentials (sysexits EX_NOPERM). */
    static final int CREDENTIALS_REFUSED = 77;
    /** The command given to {@code run} could not be started, as in a shell. */
    static final int CANNOT_START = 127;

    private ExitCodes() {}

    /** The exit code of a process ended by a signal, as shells report it. */
    static int signalled(int signalNumber) {
        return 128 + signalNumber;
    }
}
