package dev.weft.internet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The connection ended uncleanly (reset, broken pipe, abort): Twisted's {@code ConnectionLost}. Thread-safe. */
public class ConnectionLost extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "Connection to the other side was lost in a non-clean fashion";

    /** Creates the error with no detail. */
    public ConnectionLost() {
        super(SUMMARY, null, null);
    }

    /** Creates the error with a detail appended to its message, e.g. {@code "Bye."}. */
    public ConnectionLost(String detail) {
        super(SUMMARY, detail, null);
    }

    /** Creates the error caused by {@code cause} (an {@code IOException}, say), whose message becomes the detail. */
    public ConnectionLost(Throwable cause) {
        super(SUMMARY, ErrorMessages.of(cause), cause);
    }

    private ConnectionLost(Throwable cause, boolean writableStackTrace) {
        super(SUMMARY, ErrorMessages.of(cause), cause, writableStackTrace);
    }

    /**
     * {@return the error caused by {@code cause}, with no stack trace of its own}, as a reactor reports a
     * failed read or write (a reset, a broken pipe): where it failed is in the cause's trace.
     */
    public static ConnectionLost withoutStackTrace(Throwable cause) {
        return new ConnectionLost(Objects.requireNonNull(cause, "cause"), false);
    }

    /** Creates the error with {@code summary} (no full stop), {@code detail} after a colon; for subclasses. */
    protected ConnectionLost(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(summary, detail, cause);
    }
}
