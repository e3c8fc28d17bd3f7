package io.instancelock.gui;

/**
 * What the presenter asks of a window. Every method is called on the UI thread (the event dispatch
 * thread in the Swing window).
 */
public interface LauncherView {

    /** Shows the current state. */
    void render(LauncherState state);

    /** Appends one line of bot or launcher output to the log. */
    void appendLog(String line);

    /** Shows a modal error dialog and returns once the user has closed it. */
    void showError(String title, String message);

    /** Asks a yes/no question in a modal dialog; {@code true} for yes. */
    boolean confirm(String title, String question);

    /** Closes the window and ends the launcher; the bot has been stopped and the lock released. */
    void close();
}
