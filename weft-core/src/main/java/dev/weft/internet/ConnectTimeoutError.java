package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that the connector's own {@code timeout} expired before the connection was made:
 * Twisted's {@code error.TimeoutError}, renamed to avoid confusion with {@code TimeoutException}.
 * Thread-safe.
 */
public class ConnectTimeoutError extends UserError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "User timeout caused connection failure";

    /** Creates the error with no detail. */
    public ConnectTimeoutError() {
        super(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public ConnectTimeoutError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
