package dev.weft.defer;

/**
 * Reports that {@link DeferredQueue#put} found the queue full: nobody was waiting and the queue
 * already held as many items as its size allows. Twisted's {@code defer.QueueOverflow}.
 *
 * <p>It is thrown to the caller of {@code put}, never delivered down a chain. It extends {@link
 * IllegalStateException}, as {@link java.util.Queue#add} reports a full queue, because a producer
 * that overfills a bounded queue has ignored its bound. Immutable after construction; thread-safe.
 */
public final class QueueOverflow extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with a message.
     *
     * @param message which queue was full
     */
    public QueueOverflow(String message) {
        super(message);
    }
}
