package io.instancelock.gui;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A view without a screen: records what the presenter shows and answers confirmations as told. */
final class RecordingView implements LauncherView {

    /** A dialog that was shown. */
    record Dialog(String title, String message) {}

    final List<LauncherState> states = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Dialog> errors = new CopyOnWriteArrayList<>();
    final List<Dialog> questions = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    volatile boolean answer = true;

    LauncherState last() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    LauncherState.Phase phase() {
        LauncherState last = last();
        return last == null ? null : last.phase();
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
    public boolean confirm(String title, String question) {
        questions.add(new Dialog(title, question));
        return answer;
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
