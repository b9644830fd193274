package dev.weft.cli;

import org.jspecify.annotations.Nullable;

/**
 * Carries SIGINT/SIGTERM to the running command. {@code WeftCli.main} calls {@link
 * #interrupt()} from a JVM shutdown hook; tests call it directly. A long-running command ({@code
 * sink}, {@code tap}) registers what to do with {@link #onInterrupt(Runnable)}; a command that
 * registered nothing is simply killed, as {@code nc} is.
 *
 * <p>Thread-safe.
 */
final class Interrupter {
    private @Nullable Runnable handler;
    private boolean interrupted;

    /**
     * Registers what to run on interrupt; runs it at once if the interrupt already came.
     *
     * @param action thread-safe; it runs on the interrupting thread and must not block for long
     */
    void onInterrupt(Runnable action) {
        boolean runNow;
        synchronized (this) {
            handler = action;
            runNow = interrupted;
        }
        if (runNow) {
            action.run();
        }
    }

    /**
     * Delivers the interrupt.
     *
     * @return {@code true} if a command had registered a handler (which has now run)
     */
    boolean interrupt() {
        Runnable action;
        synchronized (this) {
            interrupted = true;
            action = handler;
        }
        if (action != null) {
            action.run();
        }
        return action != null;
    }

    /**
     * Tells whether the interrupt came.
     *
     * @return {@code true} once {@link #interrupt()} was called
     */
    synchronized boolean isInterrupted() {
        return interrupted;
    }
}
