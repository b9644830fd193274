package dev.weft.internet;

import dev.weft.defer.WeftException;
import org.jspecify.annotations.Nullable;

/**
 * Reports that a client connection could not be made: Twisted's {@code ConnectError}, the root of
 * {@link ConnectionRefusedError}, {@link TCPTimedOutError}, {@link UnknownHostError}, {@link
 * NoRouteError}, {@link ConnectBindError} and {@link UserError}. A connector passes it, as a {@link
 * dev.weft.defer.Failure}, to {@link ClientFactory#clientConnectionFailed}.
 *
 * <p>Its message is Twisted's: a summary ("An error occurred while connecting" here), then the
 * operating-system error's message and the detail, each after a colon, then a full stop, e.g.
 * "Connection was refused by other side: Connection refused." Twisted's {@code osError} (an errno
 * or socket error) is the {@linkplain #getCause() cause} here. Immutable after construction;
 * thread-safe.
 */
public class ConnectError extends WeftException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "An error occurred while connecting";

    /** Creates the error with no detail. */
    public ConnectError() {
        this(SUMMARY, null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     *
     * @param detail what happened
     */
    public ConnectError(String detail) {
        this(SUMMARY, detail, null);
    }

    /**
     * Creates the error caused by an operating-system error, whose message is appended.
     *
     * @param osError the underlying error, e.g. a {@code java.net.ConnectException}
     */
    public ConnectError(Throwable osError) {
        this(SUMMARY, null, osError);
    }

    /**
     * Creates the error caused by an operating-system error, with a detail appended after its
     * message.
     *
     * @param osError the underlying error
     * @param detail what happened
     */
    public ConnectError(Throwable osError, String detail) {
        this(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     *
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected ConnectError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(ErrorMessages.describe(summary, ErrorMessages.of(osError), detail), osError);
    }
}
