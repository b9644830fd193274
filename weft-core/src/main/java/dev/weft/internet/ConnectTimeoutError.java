package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** The connector's own {@code timeout} expired: Twisted's {@code error.TimeoutError}, renamed. Thread-safe. */
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
