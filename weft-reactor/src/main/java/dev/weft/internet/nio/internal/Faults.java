package dev.weft.internet.nio.internal;

import java.lang.System.Logger.Level;

/**
 * Logs exceptions thrown by user callbacks and unexpected I/O errors, in one place, through {@link
 * System.Logger} named {@value #LOGGER_NAME}.
 *
 * <p>Thread-safe.
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
        LOG.log(Level.ERROR, "Unhandled exception in " + what, error);
    }

    /**
     * Logs an I/O problem that is not delivered to any protocol, at WARNING.
     *
     * @param what what the reactor was doing
     * @param error the problem
     */
    public static void ioProblem(String what, Throwable error) {
        LOG.log(Level.WARNING, what, error);
    }

    /**
     * Logs a problem with no exception, at WARNING.
     *
     * @param message the problem
     */
    public static void warn(String message) {
        LOG.log(Level.WARNING, message);
    }

    /**
     * Logs a lifecycle message at DEBUG.
     *
     * @param message the message
     */
    public static void debug(String message) {
        LOG.log(Level.DEBUG, message);
    }
}
