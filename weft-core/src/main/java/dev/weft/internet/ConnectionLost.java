package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** The connection ended uncleanly (reset, broken pipe, abort): Twisted's {@code ConnectionLost}. Thread-safe. */
public class ConnectionLost extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no detail. */
    public ConnectionLost() {
        super("Connection to the other side was lost in a non-clean fashion", null, null);
    }

    /** Creates the error with a detail appended to its message, e.g. {@code "Bye."}. */
    public ConnectionLost(String detail) {
        super("Connection to the other side was lost in a non-clean fashion", detail, null);
    }

    /** Creates the error caused by {@code cause} (an {@code IOException}, say), whose message becomes the detail. */
    public ConnectionLost(Throwable cause) {
        super("Connection to the other side was lost in a non-clean fashion", ErrorMessages.of(cause), cause);
    }

    /** Creates the error with {@code summary} (no full stop), {@code detail} after a colon; for subclasses. */
    protected ConnectionLost(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(summary, detail, cause);
    }
}
