package dev.weft.defer;

/**
 * Reports that {@link DeferredQueue#get} found the queue empty and its backlog full: Twisted's {@code
 * defer.QueueUnderflow}. Thrown to the caller of {@code get}. Immutable after construction;
 * thread-safe.
 */
public final class QueueUnderflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with a message.
     *
     * @param message which queue's backlog was full
     */
    public QueueUnderflow(String message) {
        super(message);
    }
}
