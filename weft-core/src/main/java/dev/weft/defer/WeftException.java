package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * Root of weft's unchecked errors that travel as {@link Failure} values, such as {@link CancelledError}. Thread-safe.
 */
public class WeftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message (or null). */
    public WeftException(@Nullable String message) {
        super(message);
    }

    /** Creates the error with a message and a cause, each possibly null. */
    public WeftException(@Nullable String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Creates the error; {@code writableStackTrace} false records no stack trace (for expected values). */
    protected WeftException(@Nullable String message, @Nullable Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
    }
}
