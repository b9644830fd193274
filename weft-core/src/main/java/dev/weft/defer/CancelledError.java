package dev.weft.defer;

/** Reports that a Deferred was cancelled: Twisted's {@code defer.CancelledError}. Thread-safe. */
public class CancelledError extends WeftException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with the standard message. */
    public CancelledError() {
        super("Deferred was cancelled");
    }

    /** Creates the error; the message says what was cancelled. */
    public CancelledError(String message) {
        super(message);
    }
}
