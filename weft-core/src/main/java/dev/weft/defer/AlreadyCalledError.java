package dev.weft.defer;

/**
 * Reports that {@link Deferred#callback} or {@link Deferred#errback} was called on a Deferred that
 * has already fired: Twisted's {@code AlreadyCalledError}.
 *
 * <p>It is thrown to the caller of the second fire, never delivered down a chain (unless a handler
 * fired a Deferred twice, in which case the handler's exception becomes the chain's {@link Failure}
 * as any other would). It extends {@link IllegalStateException} rather than {@link WeftException}
 * because firing twice is programmer misuse, which Java code expects as an IllegalStateException. In
 * debug mode ({@link Deferred#setDebugging(boolean)}) the message carries the stacks that created
 * the Deferred and fired it first. Immutable after construction; thread-safe.
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
