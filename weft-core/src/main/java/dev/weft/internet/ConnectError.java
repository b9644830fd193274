package dev.weft.internet;

import dev.weft.defer.WeftException;
import org.jspecify.annotations.Nullable;

/**
 * A client connection could not be made: Twisted's {@code ConnectError}, given to {@link
 * ClientFactory#clientConnectionFailed}. Thread-safe.
 */
public class ConnectError extends WeftException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "An error occurred while connecting";

    /** Creates the error with no detail. */
    public ConnectError() {
        this(SUMMARY, null, null);
    }

    /** Creates the error from Twisted's two optional arguments, the OS error and a detail, each possibly null. */
    public ConnectError(@Nullable Throwable osError, @Nullable String detail) {
        this(SUMMARY, detail, osError);
    }

    /** Creates the error with {@code summary} (no full stop), an optional detail and cause; for subclasses. */
    protected ConnectError(String summary, @Nullable String detail, @Nullable Throwable osError) {
        super(ErrorMessages.describe(summary, ErrorMessages.of(osError), detail), osError);
    }
}
