package dev.weft.defer;

/**
 * Reports that {@link DeferredQueue#get} found the queue empty and its backlog full: Twisted's {@code
 * defer.QueueUnderflow}. Thrown to the caller of {@code get}. Thread-safe.
 */
public final class QueueUnderflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which queue's backlog was full. */
    public QueueUnderflow(String message) {
        super(message);
    }
}
