package dev.weft.internet.nio.internal;

import java.lang.System.Logger.Level;

/**
 * Logs exceptions thrown by user callbacks and unexpected I/O errors, in one place, through {@link
 * System.Logger} named {@value #LOGGER_NAME}. Thread-safe; no method throws, even when the logging backend
 * fails.
 */
public final class Faults {
    /** The name of the logger every reactor message goes to. */
    public static final String LOGGER_NAME = "dev.weft.internet.nio";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    private Faults() {}

    /** Logs at ERROR that {@code what} (e.g. {@code "Echo.dataReceived"}) threw {@code error}. */
    public static void callbackFailed(String what, Throwable error) {
        log(Level.ERROR, "Unhandled exception in " + what, error);
    }

    /** Logs at WARNING an I/O problem, met while doing {@code what}, that no protocol is told of. */
    public static void ioProblem(String what, Throwable error) {
        log(Level.WARNING, what, error);
    }

    /** Logs a problem with no exception, at WARNING. */
    public static void warn(String message) {
        log(Level.WARNING, message, null);
    }

    /** Logs a lifecycle message at DEBUG. */
    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    /**
     * Logs, and never throws: a failing logging backend (out of descriptors, no time-zone data) gets one
     * plain line on standard error instead.
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
