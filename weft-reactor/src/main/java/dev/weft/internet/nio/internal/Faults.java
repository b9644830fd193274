package dev.weft.internet.nio.internal;

import java.lang.System.Logger.Level;

/**
 * Logs exceptions thrown by user callbacks and unexpected I/O errors, in one place, through {@link
 * System.Logger} named {@value #LOGGER_NAME}. Thread-safe; no method throws, even when the logging backend
 * fails, except that {@link #callbackFailed} rethrows a {@linkplain #isFatal fatal} error.
 */
public final class Faults {
    /** The name of the logger every reactor message goes to. */
    public static final String LOGGER_NAME = "dev.weft.internet.nio";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    /** Written when the reactor stops for a fatal error: built now, since there may be no heap to build it then. */
    private static final String FATAL_MESSAGE = "The reactor stops: its thread got a fatal error (an"
            + " OutOfMemoryError, InternalError or UnknownError), which is no callback's failure. Its sockets"
            + " are closed without connectionLost, its calls and timers dropped, and run(), ReactorThread.ended()"
            + " and every thread blocked in a call into it end with this error";

    private static final String FATAL_LINE = LOGGER_NAME + " ERROR: " + FATAL_MESSAGE;

    private Faults() {}

    /**
     * Tells whether the reactor cannot go on after {@code error} reached its thread: a {@link
     * VirtualMachineError} other than {@link StackOverflowError}. A stack overflow unwinds to the
     * reactor's own frames with the stack whole again, so it is one callback's failure, like any exception
     * (a recursive parser fed a deep input); running out of heap, or the JVM failing inside, is not.
     */
    public static boolean isFatal(Throwable error) {
        return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
    }

    /**
     * Logs at ERROR that {@code what} (e.g. {@code "Echo.dataReceived"}) threw {@code error}; rethrows a
     * {@linkplain #isFatal fatal} {@code error} unlogged instead, to stop the loop, which logs it once.
     */
    public static void callbackFailed(String what, Throwable error) {
        if (isFatal(error)) {
            throw (VirtualMachineError) error;
        }
        log(Level.ERROR, "Unhandled exception in " + what, error);
    }

    /**
     * Logs at ERROR what ended the reactor loop: a fatal error with a message built in advance, and a
     * plain line on standard error if even logging fails.
     */
    public static void loopFailed(Throwable error) {
        if (!isFatal(error)) {
            log(Level.ERROR, "Unhandled exception in the reactor loop, which now shuts down", error);
            return;
        }
        try {
            LOG.log(Level.ERROR, FATAL_MESSAGE, error);
        } catch (Throwable loggingFailed) {
            try {
                System.err.println(FATAL_LINE);
            } catch (Throwable ignored) {
                // nowhere left to report
            }
        }
    }

    /** Logs at WARNING an I/O problem, met while doing {@code what}, that no protocol is told of. */
    public static void ioProblem(String what, Throwable error) {
        log(Level.WARNING, what, error);
    }

    /** Logs a problem with no exception, at WARNING. */
    public static void warn(String message) {
        log(Level.WARNING, message, null);
    }

    /** Logs a lifecycle message a user should see (the reactor stopping for a signal) at INFO. */
    public static void info(String message) {
        log(Level.INFO, message, null);
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
