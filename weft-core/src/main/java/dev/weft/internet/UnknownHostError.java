package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** Reports that the host name could not be resolved: Twisted's {@code UnknownHostError}. Thread-safe. */
public class UnknownHostError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Hostname couldn't be looked up";

    /** Creates the error with no detail. */
    public UnknownHostError() {
        super(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public UnknownHostError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
