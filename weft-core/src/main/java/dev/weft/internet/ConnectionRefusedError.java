package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** The peer refused the connection (ECONNREFUSED): Twisted's {@code ConnectionRefusedError}. Thread-safe. */
public class ConnectionRefusedError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Connection was refused by other side";

    /** Creates the error with no detail. */
    public ConnectionRefusedError() {
        super(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public ConnectionRefusedError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
