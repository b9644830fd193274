package dev.weft.defer;

/**
 * Reports that {@link DeferredQueue#get} found the queue empty and its backlog full: as many gets as
 * the backlog allows were already waiting for an item. Twisted's {@code defer.QueueUnderflow}.
 *
 * <p>It is thrown to the caller of {@code get}, never delivered down a chain. It extends {@link
 * IllegalStateException}, as {@link QueueOverflow} does. Immutable after construction; thread-safe.
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
