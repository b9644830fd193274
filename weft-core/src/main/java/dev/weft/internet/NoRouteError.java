package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** Reports that the host cannot be reached (EHOSTUNREACH, ENETUNREACH): Twisted's {@code NoRouteError}. Thread-safe. */
public class NoRouteError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "No route to host";

    /** Creates the error with no detail. */
    public NoRouteError() {
        super(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public NoRouteError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
