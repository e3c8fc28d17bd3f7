package io.instancelock.gui;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Writes what the window shows (phase, health, title, status line, last dialog) to a properties file, for tests and
 * automation that drive launcher processes: enabled by the system property {@value #PROPERTY}.
 */
final class StateReport implements LauncherView {

    /** The system property naming the report file. */
    static final String PROPERTY = "instancelock.gui.reportFile";

    private final LauncherView view;
    private final Path file;
    private final Properties shown = new Properties();
    private int dialogs;

    private StateReport(LauncherView view, Path file) {
        this.view = view;
        this.file = file;
    }

    /** The view itself, or the view reporting to the file named by {@value #PROPERTY}. */
    static LauncherView around(LauncherView view) {
        String target = System.getProperty(PROPERTY);
        return target == null || target.isBlank() ? view : new StateReport(view, Path.of(target));
    }

    @Override
    public void render(LauncherState state) {
        shown.setProperty("phase", state.phase().name());
        shown.setProperty("health", state.health().getClass().getSimpleName());
        shown.setProperty("headline", state.headline());
        shown.setProperty("title", state.title());
        shown.setProperty("status", state.status());
        shown.setProperty("selected", state.selected().value());
        StringBuilder usage = new StringBuilder();
        state.accounts()
                .forEach(choice -> usage.append(choice.account().id())
                        .append('=')
                        .append(choice.usage())
                        .append(';'));
        shown.setProperty("accounts", usage.toString());
        write();
        view.render(state);
    }

    @Override
    public void appendLog(String line) {
        view.appendLog(line);
    }

    @Override
    public void showError(String title, String message) {
        dialog(title, message, "");
        view.showError(title, message);
    }

    @Override
    public boolean ask(Question question) {
        dialog(question.title(), question.message(), "");
        return view.ask(question);
    }

    @Override
    public Refusal.Choice showRefusal(Refusal refusal) {
        dialog(refusal.title(), refusal.message(), refusal.details());
        return view.showRefusal(refusal);
    }

    @Override
    public void focus(Focus target) {
        view.focus(target);
    }

    @Override
    public void close() {
        view.close();
    }

    private void dialog(String title, String message, String details) {
        dialogs++;
        shown.setProperty("dialog.count", Integer.toString(dialogs));
        shown.setProperty("dialog.title", title);
        shown.setProperty("dialog.message", message);
        shown.setProperty("dialog.details", details);
        write();
    }

    /** Replaces the file at once, so that a reader never sees half of it. */
    private void write() {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                shown.store(
                        out,
                        "instance-lock launcher, pid " + ProcessHandle.current().pid());
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("launcher: cannot write the state report " + file + ": " + e.getMessage());
        }
    }
}
