package io.instancelock.gui;

/**
 * A confirmation with one risky and one safe answer. The safe answer is the default: Return and
 * Escape choose it, so the risky one takes a deliberate click or its mnemonic.
 *
 * @param title the dialog title
 * @param message what would happen, naming what it happens to
 * @param act the risky answer's button, e.g. {@code Stop bot and close}
 * @param actMnemonic the risky answer's mnemonic letter, e.g. {@code S} for Alt+S
 * @param keep the safe answer's button, e.g. {@code Keep running}
 */
public record Question(String title, String message, String act, char actMnemonic, String keep) {}
