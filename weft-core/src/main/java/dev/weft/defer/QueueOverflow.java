package dev.weft.defer;

/**
 * Reports that {@link DeferredQueue#put} found nobody waiting and the queue full: Twisted's {@code
 * defer.QueueOverflow}. Thrown to the caller of {@code put}. Thread-safe.
 */
public final class QueueOverflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which queue was full. */
    public QueueOverflow(String message) {
        super(message);
    }
}
