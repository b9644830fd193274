package dev.weft.internet;

import dev.weft.defer.WeftException;
import org.jspecify.annotations.Nullable;

/**
 * A connection ended, cleanly or not: Twisted's {@code ConnectionClosed}, root of {@link ConnectionDone} and {@link
 * ConnectionLost}. Thread-safe.
 */
public class ConnectionClosed extends WeftException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with {@code summary} (no full stop), {@code detail} after a colon; for subclasses. */
    protected ConnectionClosed(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(ErrorMessages.describe(summary, detail), cause);
    }

    /** Creates the error as above; {@code writableStackTrace} false records no stack trace. */
    protected ConnectionClosed(
            String summary, @Nullable String detail, @Nullable Throwable cause, boolean writableStackTrace) {
        super(ErrorMessages.describe(summary, detail), cause, writableStackTrace);
    }

    /**
     * Creates the error with its whole {@code message} made already (a subclass whose message never
     * changes keeps it in a constant), no cause, and no stack trace if {@code writableStackTrace} is
     * false.
     */
    ConnectionClosed(String message, boolean writableStackTrace) {
        super(message, null, writableStackTrace);
    }
}
