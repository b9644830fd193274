package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * Roots weft's named, unchecked errors that travel as {@link Failure} values: {@link CancelledError},
 * {@link TimeoutError}, {@link FirstError} and the connection errors built on them.
 *
 * <p>Programmer misuse is not a WeftException: it is an {@link IllegalStateException} or {@link
 * IllegalArgumentException} thrown at once (see {@link AlreadyCalledError}). Immutable after
 * construction; thread-safe.
 */
public class WeftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with a message.
     *
     * @param message what happened, or null
     */
    public WeftException(@Nullable String message) {
        super(message);
    }

    /**
     * Creates the error with a message and a cause.
     *
     * @param message what happened, or null
     * @param cause what led to it, or null
     */
    public WeftException(@Nullable String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the error with a message, a cause, and the choice to record no stack trace; for
     * subclasses whose instances are expected values, made where a stack trace says nothing (a
     * connection's clean close). Suppressed exceptions are recorded as usual.
     *
     * @param message what happened, or null
     * @param cause what led to it, or null
     * @param writableStackTrace {@code false} to skip {@link #fillInStackTrace()}: {@link
     *     #getStackTrace()} is then empty and {@link #setStackTrace} does nothing
     */
    protected WeftException(@Nullable String message, @Nullable Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
    }
}
