package dev.weft.internet;

import dev.weft.defer.WeftException;
import org.jspecify.annotations.Nullable;

/**
 * Reports that a connection ended, cleanly or not: Twisted's {@code ConnectionClosed}, the root of
 * {@link ConnectionDone} and {@link ConnectionLost}. Immutable; thread-safe.
 */
public class ConnectionClosed extends WeftException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after a colon, or null
     * @param cause the underlying error, or null
     */
    protected ConnectionClosed(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(ErrorMessages.describe(summary, detail), cause);
    }

    /**
     * Creates the error with a given summary and optionally no stack trace; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after a colon, or null
     * @param cause the underlying error, or null
     * @param writableStackTrace {@code false} to record no stack trace
     */
    protected ConnectionClosed(
            String summary, @Nullable String detail, @Nullable Throwable cause, boolean writableStackTrace) {
        super(ErrorMessages.describe(summary, detail), cause, writableStackTrace);
    }
}
