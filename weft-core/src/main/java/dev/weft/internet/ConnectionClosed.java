package dev.weft.internet;

import dev.weft.defer.WeftException;
import org.jspecify.annotations.Nullable;

/**
 * Reports that a connection ended, cleanly or not: Twisted's {@code ConnectionClosed}, the root of
 * {@link ConnectionDone} and {@link ConnectionLost}. {@code reason.check(ConnectionClosed.class)}
 * matches every ordinary end of a connection.
 *
 * <p>Unchecked: a reason travels as a {@link dev.weft.defer.Failure} value and is not thrown out of
 * the reactor. Messages follow Twisted's {@code error.py}: a summary, then {@code ": " + detail} when
 * a detail is given, then a full stop, but never two ({@code new ConnectionDone("Bye.")} reads
 * "Connection was closed cleanly: Bye."; DEVIATIONS.md). Immutable after construction; thread-safe.
 */
public class ConnectionClosed extends WeftException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Connection was closed, whether cleanly or non-cleanly";

    /** Creates the error with no detail. */
    public ConnectionClosed() {
        this(SUMMARY, null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     *
     * @param detail what happened
     */
    public ConnectionClosed(String detail) {
        this(SUMMARY, detail, null);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     *
     * @param summary the first part of the message, without a full stop
     * @param detail appended after a colon, or null
     * @param cause the underlying error, or null
     */
    protected ConnectionClosed(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(ErrorMessages.describe(summary, detail), cause);
    }

    /**
     * Creates the error with a given summary and, if {@code writableStackTrace} is false, no stack
     * trace; for subclasses.
     *
     * @param summary the first part of the message, without a full stop
     * @param detail appended after a colon, or null
     * @param cause the underlying error, or null
     * @param writableStackTrace {@code false} to record no stack trace (see {@link
     *     WeftException#WeftException(String, Throwable, boolean)})
     */
    protected ConnectionClosed(
            String summary, @Nullable String detail, @Nullable Throwable cause, boolean writableStackTrace) {
        super(ErrorMessages.describe(summary, detail), cause, writableStackTrace);
    }
}
