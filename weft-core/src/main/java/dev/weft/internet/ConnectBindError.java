package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** The client socket could not be bound to its local address: Twisted's {@code ConnectBindError}. Thread-safe. */
public class ConnectBindError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Couldn't bind";

    /** Creates the error with no detail. */
    public ConnectBindError() {
        super(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public ConnectBindError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }
}
