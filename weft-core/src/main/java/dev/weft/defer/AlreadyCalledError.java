package dev.weft.defer;

/**
 * Thrown to the second caller firing a Deferred: Twisted's {@code AlreadyCalledError} (debug mode adds the stacks).
 * Thread-safe.
 */
public final class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which Deferred was fired twice, with any debug stacks. */
    public AlreadyCalledError(String message) {
        super(message);
    }
}
