package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the connector's own {@code timeout} expired before the connection was made:
 * Twisted's {@code error.TimeoutError}, renamed to avoid confusion with {@code TimeoutException}.
 * Immutable; thread-safe.
 */
public class ConnectTimeoutError extends UserError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "User timeout caused connection failure";

    /** Creates the error with no detail. */
    public ConnectTimeoutError() {
        super(SUMMARY, null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     * @param detail what happened
     */
    public ConnectTimeoutError(String detail) {
        super(SUMMARY, detail, null);
    }

    /**
     * Creates the error caused by an operating-system error, whose message is appended.
     * @param osError the underlying error
     */
    public ConnectTimeoutError(Throwable osError) {
        super(SUMMARY, null, osError);
    }

    /**
     * Creates the error with a cause and a detail.
     * @param osError the underlying error
     * @param detail what happened
     */
    public ConnectTimeoutError(Throwable osError, String detail) {
        super(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected ConnectTimeoutError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(summary, detail, osError);
    }
}
