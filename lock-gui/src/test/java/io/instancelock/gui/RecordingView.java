package io.instancelock.gui;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A view without a screen: records what the presenter shows and answers its dialogs as told. */
final class RecordingView implements LauncherView {

    /** A dialog that was shown. */
    record Dialog(String title, String message) {}

    final List<LauncherState> states = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Dialog> errors = new CopyOnWriteArrayList<>();
    final List<Question> questions = new CopyOnWriteArrayList<>();
    final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    final List<Focus> focus = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    /** The answer to every question: {@code true} for the risky one. */
    volatile boolean answer = true;
    /** The choice made in every refusal dialog. */
    volatile Refusal.Choice refusalChoice = Refusal.Choice.CANCEL;

    LauncherState last() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    LauncherState.Phase phase() {
        LauncherState last = last();
        return last == null ? null : last.phase();
    }

    Focus lastFocus() {
        return focus.isEmpty() ? null : focus.get(focus.size() - 1);
    }

    @Override
    public void render(LauncherState state) {
        states.add(state);
    }

    @Override
    public void appendLog(String line) {
        log.add(line);
    }

    @Override
    public void showError(String title, String message) {
        errors.add(new Dialog(title, message));
    }

    @Override
    public boolean ask(Question question) {
        questions.add(question);
        return answer;
    }

    @Override
    public Refusal.Choice showRefusal(Refusal refusal) {
        refusals.add(refusal);
        return refusalChoice;
    }

    @Override
    public void focus(Focus target) {
        focus.add(target);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
