package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** The operating system gave up connecting (ETIMEDOUT): Twisted's {@code TCPTimedOutError}. Thread-safe. */
public class TCPTimedOutError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "TCP connection timed out";

    /** Creates the error with no detail. */
    public TCPTimedOutError() {
        super(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public TCPTimedOutError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
