package dev.weft.defer;

/**
 * Reports that a Deferred was fired a second time, thrown to the second caller: Twisted's {@code
 * AlreadyCalledError}. In debug mode ({@link Deferred#setDebugging(boolean)}) the message carries
 * the creation and first-fire stacks. Thread-safe.
 */
public final class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which Deferred was fired twice, with any debug stacks. */
    public AlreadyCalledError(String message) {
        super(message);
    }
}
