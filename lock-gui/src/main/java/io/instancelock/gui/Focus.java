package io.instancelock.gui;

/** Where the presenter asks the window to put the keyboard focus after an action. */
public enum Focus {
    /** The account list, e.g. after a refusal, to pick another account. */
    ACCOUNTS,
    /** Stop Bot, once a bot runs. */
    STOP,
    /** Start Bot, once the bot has ended. */
    START,
    /** The broker user field, once the user chose to change it. */
    BROKER
}
