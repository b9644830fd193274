package dev.weft.internet;

/** Thrown when a port that is not listening is stopped: Twisted's {@code NotListeningError}. Thread-safe. */
public class NotListeningError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "The Port was not listening when it was asked to stop listening";

    /** Creates the error with a detail (what was misused) appended to its message. */
    public NotListeningError(String detail) {
        super(ErrorMessages.describe(SUMMARY, detail));
    }
}
