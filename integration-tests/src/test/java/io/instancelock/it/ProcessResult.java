package io.instancelock.it;

/**
 * What a finished child process left behind.
 *
 * @param exitCode its exit code
 * @param stdOut everything it printed on standard output
 * @param stdErr everything it printed on standard error
 */
record ProcessResult(int exitCode, String stdOut, String stdErr) {

    /** The result as a few lines for an assertion message. */
    String describe() {
        return "exit code " + exitCode + "\n--- stdout ---\n" + stdOut + "--- stderr ---\n" + stdErr;
    }
}
