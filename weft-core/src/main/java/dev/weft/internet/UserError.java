package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the connection attempt was stopped by {@link IConnector#stopConnecting()}: Twisted's
 * {@code UserError}. Immutable; thread-safe.
 */
public class UserError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "User aborted connection";

    /** Creates the error with no detail. */
    public UserError() {
        super(SUMMARY, null, null);
    }

    /**
     * Creates the error with Twisted's two optional arguments; the message is the summary, then the
     * operating-system error's message, then the detail.
     * @param osError the underlying error, e.g. a {@code java.net.ConnectException}, or null
     * @param detail what happened, or null
     */
    public UserError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected UserError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(summary, detail, osError);
    }
}
