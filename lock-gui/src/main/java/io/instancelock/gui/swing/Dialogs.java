package io.instancelock.gui.swing;

import io.instancelock.gui.Question;
import io.instancelock.gui.Refusal;
import java.awt.Component;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import javax.swing.JTextArea;
import javax.swing.UIManager;

/**
 * The launcher's modal dialogs, as option panes with named buttons and mnemonics. The safe button is
 * the initial focus and the default button, and Escape closes without acting.
 */
public final class Dialogs {

    private Dialogs() {}

    /** Asks; {@code true} when the user chose the risky answer. */
    public static boolean ask(Component parent, Question question) {
        JButton act = button(question.act(), question.actMnemonic(), "act");
        JButton keep = button(question.keep(), question.keep().charAt(0), "keep");
        Object chosen =
                show(parent, question.title(), question.message(), JOptionPane.WARNING_MESSAGE, keep, act, keep);
        return chosen == act;
    }

    /** Shows a refusal with its actions; Escape is Cancel. */
    public static Refusal.Choice refusal(Component parent, Refusal refusal) {
        JButton stopOther = button("Stop the other bot", 'S', "stopOther");
        JButton another = button("Choose another account", 'C', "chooseAnother");
        JButton cancel = button("Cancel", (char) 0, "cancel");
        List<JButton> buttons = new ArrayList<>();
        if (refusal.canStopOther()) {
            buttons.add(stopOther);
        }
        buttons.add(another);
        buttons.add(cancel);
        Object[] message = {refusal.message(), " ", wrapped(refusal.details())};
        Object chosen = show(
                parent,
                refusal.title(),
                message,
                JOptionPane.WARNING_MESSAGE,
                another,
                buttons.toArray(new JButton[0]));
        if (chosen == stopOther) {
            return Refusal.Choice.STOP_OTHER;
        }
        return chosen == another ? Refusal.Choice.CHOOSE_ANOTHER : Refusal.Choice.CANCEL;
    }

    private static Object show(
            Component parent, String title, Object message, int type, JButton initial, JButton... buttons) {
        JOptionPane pane = new JOptionPane(message, type, JOptionPane.DEFAULT_OPTION, null, buttons, initial);
        for (JButton button : buttons) {
            button.addActionListener(e -> pane.setValue(button));
        }
        JDialog dialog = pane.createDialog(parent, title);
        dialog.getRootPane().setDefaultButton(initial);
        dialog.setVisible(true);
        dialog.dispose();
        return pane.getValue();
    }

    private static JButton button(String text, char mnemonic, String name) {
        JButton button = new JButton(text);
        button.setName(name);
        if (mnemonic != 0) {
            button.setMnemonic(mnemonic);
        }
        return button;
    }

    /** A text that wraps at the dialog's width; a label would not, and HTML would render a lock file's text. */
    private static JTextArea wrapped(String text) {
        JTextArea area = new JTextArea(text);
        area.setName("details");
        area.setEditable(false);
        area.setFocusable(false);
        area.setLineWrap(true);
        area.setWrapStyleWord(true);
        area.setOpaque(false);
        area.setBorder(null);
        area.setFont(UIManager.getFont("Label.font"));
        area.setColumns(46);
        // A wrapped area reports its height for its width only once it has a size; give it one.
        area.setSize(area.getPreferredSize().width, Short.MAX_VALUE);
        return area;
    }
}
