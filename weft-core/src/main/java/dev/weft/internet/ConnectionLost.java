package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that a connection ended uncleanly (reset, broken pipe, the peer's abort): Twisted's
 * {@code ConnectionLost}. Immutable; thread-safe.
 */
public class ConnectionLost extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no detail. */
    public ConnectionLost() {
        super("Connection to the other side was lost in a non-clean fashion", null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     * @param detail what happened, e.g. {@code "Bye."}
     */
    public ConnectionLost(String detail) {
        super("Connection to the other side was lost in a non-clean fashion", detail, null);
    }

    /**
     * Creates the error caused by {@code cause}, whose message becomes the detail.
     * @param cause the underlying error, e.g. an {@code IOException}
     */
    public ConnectionLost(Throwable cause) {
        super("Connection to the other side was lost in a non-clean fashion", ErrorMessages.of(cause), cause);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after a colon, or null
     * @param cause the underlying error, or null
     */
    protected ConnectionLost(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(summary, detail, cause);
    }
}
