package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the client socket could not be bound to its requested local address: Twisted's
 * {@code ConnectBindError}. Immutable; thread-safe.
 */
public class ConnectBindError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Couldn't bind";

    /** Creates the error with no detail. */
    public ConnectBindError() {
        super(SUMMARY, null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     * @param detail what happened
     */
    public ConnectBindError(String detail) {
        super(SUMMARY, detail, null);
    }

    /**
     * Creates the error caused by an operating-system error, whose message is appended.
     * @param osError the underlying error
     */
    public ConnectBindError(Throwable osError) {
        super(SUMMARY, null, osError);
    }

    /**
     * Creates the error with a cause and a detail.
     * @param osError the underlying error
     * @param detail what happened
     */
    public ConnectBindError(Throwable osError, String detail) {
        super(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected ConnectBindError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(summary, detail, osError);
    }
}
