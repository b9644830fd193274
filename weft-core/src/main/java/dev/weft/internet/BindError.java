package dev.weft.internet;

import dev.weft.defer.WeftException;
import org.jspecify.annotations.Nullable;

/** Reports that a socket could not be bound to an interface: Twisted's {@code BindError}. Thread-safe. */
public class BindError extends WeftException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "An error occurred binding to an interface";

    /** Creates the error with no detail. */
    public BindError() {
        this(SUMMARY, null, null);
    }

    /** Creates the error with {@code summary} (no full stop), an optional detail and cause; for subclasses. */
    protected BindError(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(ErrorMessages.describe(summary, detail), cause);
    }
}
