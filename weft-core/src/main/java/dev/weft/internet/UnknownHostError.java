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
     * Creates the error with a detail appended to its message.
     * @param detail what happened
     */
    public UnknownHostError(String detail) {
        super(SUMMARY, detail, null);
    }

    /**
     * Creates the error caused by an operating-system error, whose message is appended.
     * @param osError the underlying error
     */
    public UnknownHostError(Throwable osError) {
        super(SUMMARY, null, osError);
    }

    /**
     * Creates the error with a cause and a detail.
     * @param osError the underlying error
     * @param detail what happened
     */
    public UnknownHostError(Throwable osError, String detail) {
        super(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected UnknownHostError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(summary, detail, osError);
    }
}
