package io.instancelock.gui;

/**
 * What the presenter asks of a window. Every method is called on the UI thread (the event dispatch
 * thread in the Swing window); the dialogs are modal and return once the user has answered.
 */
public interface LauncherView {

    /** Shows the current state. */
    void render(LauncherState state);

    /** Appends one line of bot or launcher output to the log. */
    void appendLog(String line);

    /** Shows an error dialog. */
    void showError(String title, String message);

    /** Asks a question with a risky and a safe answer; {@code true} for the risky one. */
    boolean ask(Question question);

    /** Shows why an account cannot be taken and returns what the user chose to do. */
    Refusal.Choice showRefusal(Refusal refusal);

    /** Moves the keyboard focus. */
    void focus(Focus target);

    /** Closes the window and ends the launcher; the bot has been stopped and the lock released. */
    void close();
}
