package dev.weft.internet.nio.internal;

import java.lang.System.Logger.Level;

/**
 * Logs exceptions thrown by user callbacks and unexpected I/O errors, in one place, through {@link
 * System.Logger} named {@value #LOGGER_NAME}.
 *
 * <p>Thread-safe; no method throws, even when the logging backend fails.
 */
public final class Faults {
    /** The name of the logger every reactor message goes to. */
    public static final String LOGGER_NAME = "dev.weft.internet.nio";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    private Faults() {}

    /**
     * Logs that {@code what} threw {@code error}, at ERROR.
     *
     * @param what the callback and its owner, e.g. {@code "Echo.dataReceived"}
     * @param error what it threw
     */
    public static void callbackFailed(String what, Throwable error) {
        log(Level.ERROR, "Unhandled exception in " + what, error);
    }

    /**
     * Logs an I/O problem that is not delivered to any protocol, at WARNING.
     *
     * @param what what the reactor was doing
     * @param error the problem
     */
    public static void ioProblem(String what, Throwable error) {
        log(Level.WARNING, what, error);
    }

    /**
     * Logs a problem with no exception, at WARNING.
     *
     * @param message the problem
     */
    public static void warn(String message) {
        log(Level.WARNING, message, null);
    }

    /**
     * Logs a lifecycle message at DEBUG.
     *
     * @param message the message
     */
    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    /**
     * Logs, and never throws: a logging backend that fails (out of file descriptors, it cannot load
     * its time-zone data) gets one plain line on standard error instead, so a report of a problem
     * never becomes a second problem on the reactor thread.
     */
    private static void log(Level level, String message, @org.jspecify.annotations.Nullable Throwable error) {
        try {
            if (error == null) {
                LOG.log(level, message);
            } else {
                LOG.log(level, message, error);
            }
        } catch (Throwable loggingFailed) {
            try {
                System.err.println(LOGGER_NAME + " " + level + ": " + message + (error == null ? "" : ": " + error));
            } catch (Throwable ignored) {
                // nowhere left to report
            }
        }
    }
}
