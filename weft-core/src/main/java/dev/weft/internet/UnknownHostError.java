package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the host name could not be resolved: Twisted's {@code UnknownHostError}. Immutable;
 * thread-safe.
 */
public class UnknownHostError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Hostname couldn't be looked up";

    /** Creates the error with no detail. */
    public UnknownHostError() {
        super(SUMMARY, null, null);
    }

    /**
     * Creates the error with Twisted's two optional arguments; the message is the summary, then the
     * operating-system error's message, then the detail.
     * @param osError the underlying error, e.g. a {@code java.net.ConnectException}, or null
     * @param detail what happened, or null
     */
    public UnknownHostError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
