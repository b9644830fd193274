package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Reports that this side aborted the connection with {@link ITransport#abortConnection()}:
 * Twisted's {@code ConnectionAborted}. Immutable; thread-safe.
 */
public class ConnectionAborted extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no detail. */
    public ConnectionAborted() {
        super("Connection was aborted locally using ITCPTransport.abortConnection", null, null);
    }

    /**
     * Creates the error with a detail appended to its message.
     * @param detail what happened, e.g. {@code "Bye."}
     */
    public ConnectionAborted(String detail) {
        super("Connection was aborted locally using ITCPTransport.abortConnection", detail, null);
    }

    /**
     * Creates the error caused by {@code cause}, whose message becomes the detail.
     * @param cause the underlying error, e.g. an {@code IOException}
     */
    public ConnectionAborted(Throwable cause) {
        super("Connection was aborted locally using ITCPTransport.abortConnection", ErrorMessages.of(cause), cause);
    }

    /**
     * Creates the error with a given summary; for subclasses.
     * @param summary the first part of the message, without a full stop
     * @param detail appended after a colon, or null
     * @param cause the underlying error, or null
     */
    protected ConnectionAborted(String summary, @Nullable String detail, @Nullable Throwable cause) {
        super(summary, detail, cause);
    }
}
