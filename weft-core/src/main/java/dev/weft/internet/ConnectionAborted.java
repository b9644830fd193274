package dev.weft.internet;

/** This side aborted ({@link ITransport#abortConnection()}): Twisted's {@code ConnectionAborted}. Thread-safe. */
public class ConnectionAborted extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no detail. */
    public ConnectionAborted() {
        super("Connection was aborted locally using ITCPTransport.abortConnection", null, null);
    }
}
