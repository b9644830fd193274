package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that a connection was closed cleanly, by either side: Twisted's {@code ConnectionDone}, the usual reason given to {@link IProtocol#connectionLost}.
 *
 * <p>Its message is Twisted's: "Connection was closed cleanly." or, with a detail, "Connection was closed cleanly: &lt;detail&gt;." Immutable after
 * construction; thread-safe.
 */
public class ConnectionDone extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no detail. */
    public ConnectionDone() {
        super("Connection was closed cleanly", null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     *
     * @param detail what happened, e.g. {@code "Bye."}
     */
    public ConnectionDone(String detail) {
        super("Connection was closed cleanly", detail, null);
    }

    /**
     * Creates the error caused by {@code cause}, whose message becomes the detail.
     *
     * @param cause the underlying error, e.g. an {@code IOException}
     */
    public ConnectionDone(Throwable cause) {
        super("Connection was closed cleanly", ErrorMessages.of(cause), cause);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     *
     * @param summary the first part of the message, without a full stop
     * @param detail appended after a colon, or null
     * @param cause the underlying error, or null
     */
    protected ConnectionDone(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(summary, detail, cause);
    }
}
