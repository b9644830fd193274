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
     * Creates the error with Twisted's two optional arguments; the message is the summary, then the
     * operating-system error's message, then the detail.
     * @param osError the underlying error, e.g. a {@code java.net.ConnectException}, or null
     * @param detail what happened, or null
     */
    public ConnectBindError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
