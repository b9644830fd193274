package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the host cannot be reached (EHOSTUNREACH, ENETUNREACH): Twisted's {@code
 * NoRouteError}. Immutable; thread-safe.
 */
public class NoRouteError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "No route to host";

    /** Creates the error with no detail. */
    public NoRouteError() {
        super(SUMMARY, null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     * @param detail what happened
     */
    public NoRouteError(String detail) {
        super(SUMMARY, detail, null);
    }

    /**
     * Creates the error caused by an operating-system error, whose message is appended.
     * @param osError the underlying error
     */
    public NoRouteError(Throwable osError) {
        super(SUMMARY, null, osError);
    }

    /**
     * Creates the error with a cause and a detail.
     * @param osError the underlying error
     * @param detail what happened
     */
    public NoRouteError(Throwable osError, String detail) {
        super(SUMMARY, detail, osError);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after the cause's message, or null
     * @param osError the underlying error, or null
     */
    protected NoRouteError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(summary, detail, osError);
    }
}
