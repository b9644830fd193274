package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the connector's own timeout (the {@code timeout} argument of {@code connectTCP}) expired before the connection was made: Twisted's {@code twisted.internet.error.TimeoutError}. Renamed so that it is not confused with {@code java.util.concurrent.TimeoutException} or with the Deferred timeout error of {@code dev.weft.defer}; like Twisted's, it is a {@link UserError}.
 *
 * <p>Its message is Twisted's: "User timeout caused connection failure.", with the cause's message and the detail inserted after
 * colons when given. Immutable after construction; thread-safe.
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
     *
     * @param detail what happened
     */
    public ConnectTimeoutError(String detail) {
        super(SUMMARY, detail, null);
    }

    /**
     * Creates the error caused by an operating-system error, whose message is appended.
     *
     * @param osError the underlying error
     */
    public ConnectTimeoutError(Throwable osError) {
        super(SUMMARY, null, osError);
    }

    /**
     * Creates the error caused by an operating-system error, with a detail appended after its
     * message.
     *
     * @param osError the underlying error
     * @param detail what happened
     */
    public ConnectTimeoutError(Throwable osError, String detail) {
        super(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     *
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected ConnectTimeoutError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(summary, detail, osError);
    }
}
