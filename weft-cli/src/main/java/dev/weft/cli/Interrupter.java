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
    private int signal;

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
     * Delivers the interrupt of a SIGINT (Ctrl-C).
     *
     * @return {@code true} if a command had registered a handler (which has now run)
     */
    boolean interrupt() {
        return interrupt(Signals.SIGINT);
    }

    /**
     * Delivers the interrupt of signal number {@code signal} (2 SIGINT, 15 SIGTERM, 1 SIGHUP).
     *
     * @return {@code true} if a command had registered a handler (which has now run)
     */
    boolean interrupt(int signal) {
        Runnable action;
        synchronized (this) {
            interrupted = true;
            this.signal = signal;
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

    /**
     * Returns the exit code of a command the interrupt stopped before its work was done: that of a process killed by
     * the signal, {@code 128 + N} as the shell reports it (130 for SIGINT, 143 for SIGTERM).
     */
    synchronized int killedExitCode() {
        return 128 + (signal == 0 ? Signals.SIGINT : signal);
    }
}
