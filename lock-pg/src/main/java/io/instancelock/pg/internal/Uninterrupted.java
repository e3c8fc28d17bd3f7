package io.instancelock.pg.internal;

/**
 * Runs driver calls with the thread's interrupt flag cleared and restores it afterwards: the driver
 * fails a statement on an interrupted thread, and an interrupted caller must never disturb a held
 * lock (nor lose a look or a release). Waiting claims are cancelled differently (see
 * {@link PgBackend#claim}).
 */
final class Uninterrupted {

    interface Call<T, E extends Exception> {
        T run() throws E;
    }

    private Uninterrupted() {}

    static <T, E extends Exception> T call(Call<T, E> call) throws E {
        boolean interrupted = Thread.interrupted();
        try {
            return call.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
