package dev.weft.defer;

/**
 * Thrown by {@link DeferredQueue#get} when the queue is empty and its backlog full: Twisted's {@code QueueUnderflow}.
 * Thread-safe.
 */
public final class QueueUnderflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which queue's backlog was full. */
    public QueueUnderflow(String message) {
        super(message);
    }
}
