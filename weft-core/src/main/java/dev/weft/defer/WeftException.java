package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * Roots weft's named, unchecked errors that travel as {@link Failure} values, such as {@link
 * CancelledError}, {@link TimeoutError} and {@link FirstError}. Misuse throws {@link
 * IllegalStateException} or {@link IllegalArgumentException} instead.
 *
 * <p>Immutable after construction; thread-safe.
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
     * Creates the error, optionally without a stack trace, for errors that are expected values.
     *
     * @param message what happened, or null
     * @param cause what led to it, or null
     * @param writableStackTrace {@code false} to record no stack trace
     */
    protected WeftException(@Nullable String message, @Nullable Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
    }
}
