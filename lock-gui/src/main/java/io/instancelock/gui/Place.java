package io.instancelock.gui;

/** Where the bot behind a lock runs, as the lock table's badge shows it. */
public enum Place {
    /** This launcher holds the lock. */
    THIS_WINDOW(Tone.GOOD),
    /** Another launcher (or another program) on this computer holds it. */
    THIS_COMPUTER(Tone.INFO),
    /** The holder is gone but the bot it started still trades: nobody watches that bot. */
    ORPHANED_BOT(Tone.WARNING),
    /** A holder on another computer: it can only be stopped there. */
    OTHER_COMPUTER(Tone.INFO),
    /** A record of the older launcher, which holds no OS lock: only its pid says it is there. */
    OLDER_LAUNCHER(Tone.INFO),
    /** Its holder is gone: the next bot takes the account over, Clean removes the file. */
    STALE(Tone.NEUTRAL),
    /** Held, but the record cannot be read (being written, or no permission). */
    UNREADABLE(Tone.WARNING);

    private final Tone tone;

    Place(Tone tone) {
        this.tone = tone;
    }

    /** The badge's tone. */
    public Tone tone() {
        return tone;
    }
}
