package dev.weft.internet;

/**
 * Thrown by {@link IConnector#stopConnecting()} when not connecting: Twisted's {@code NotConnectingError}. Thread-safe.
 */
public class NotConnectingError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "The Connector was not connecting when it was asked to stop connecting";

    /** Creates the error with no detail. */
    public NotConnectingError() {
        super(ErrorMessages.describe(SUMMARY));
    }

    /** Creates the error with a detail (what was misused) appended to its message. */
    public NotConnectingError(String detail) {
        super(ErrorMessages.describe(SUMMARY, detail));
    }
}
