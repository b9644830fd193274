package dev.weft.internet;

/**
 * Thrown when a port that is not listening is asked to stop listening: Twisted's {@code
 * NotListeningError}. Immutable; thread-safe.
 */
public class NotListeningError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private static final String SUMMARY = "The Port was not listening when it was asked to stop listening";

    /**
     * Creates the error with a detail appended to its message.
     * @param detail what was misused
     */
    public NotListeningError(String detail) {
        super(ErrorMessages.describe(SUMMARY, detail));
    }
}
