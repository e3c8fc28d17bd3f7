package io.instancelock.gui;

/** How a state should strike the eye; the window maps each tone to a colour of the current theme. */
public enum Tone {
    /** All is well: a bot trades under this window's lock. */
    GOOD,
    /** Something is under way: starting, stopping. */
    BUSY,
    /** Nothing is happening, and nothing needs attention. */
    NEUTRAL,
    /** Someone else is involved: another launcher, another computer. */
    INFO,
    /** Needs a look: an orphaned bot, a lock that cannot be judged. */
    WARNING,
    /** Needs action: a crashed bot, a lost lock. */
    DANGER
}
