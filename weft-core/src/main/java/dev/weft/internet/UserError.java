package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** The attempt was stopped by {@link IConnector#stopConnecting()}: Twisted's {@code UserError}. Thread-safe. */
public class UserError extends ConnectError {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "User aborted connection";

    /** Creates the error with no detail. */
    public UserError() {
        super(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public UserError(@Nullable Throwable osError, @Nullable String detail) {
        super(SUMMARY, detail, osError);
    }

    /** Creates the error with {@code summary} (no full stop), an optional detail and cause; for subclasses. */
    protected UserError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(summary, detail, osError);
    }
}
