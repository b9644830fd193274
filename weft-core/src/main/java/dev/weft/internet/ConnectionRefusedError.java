package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the peer refused the connection (ECONNREFUSED): Twisted's {@code
 * ConnectionRefusedError}. Immutable; thread-safe.
 */
public class ConnectionRefusedError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Connection was refused by other side";

    /** Creates the error with no detail. */
    public ConnectionRefusedError() {
        super(SUMMARY, null, null);
    }

    /**
     * Creates the error with Twisted's two optional arguments; the message is the summary, then the
     * operating-system error's message, then the detail.
     * @param osError the underlying error, e.g. a {@code java.net.ConnectException}, or null
     * @param detail what happened, or null
     */
    public ConnectionRefusedError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
