package dev.weft.defer;

/**
 * Reports that a Deferred was fired a second time: Twisted's {@code AlreadyCalledError}.
 *
 * <p>Thrown to the caller of the second fire. In debug mode ({@link Deferred#setDebugging(boolean)})
 * the message carries the creation and first-fire stacks. Immutable after construction; thread-safe.
 */
public final class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with a message.
     *
     * @param message which Deferred was fired twice, with any debug stacks
     */
    public AlreadyCalledError(String message) {
        super(message);
    }
}
