package dev.weft.defer;

/**
 * Thrown by {@link DeferredQueue#put} when nobody waits and the queue is full: Twisted's {@code QueueOverflow}.
 * Thread-safe.
 */
public final class QueueOverflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which queue was full. */
    public QueueOverflow(String message) {
        super(message);
    }
}
