package dev.weft.defer;

/**
 * Thrown by {@link Deferred#cancel()} when Deferreds wait on one another in a cycle; nothing is changed. Thread-safe.
 */
public final class DeferredCycleError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which Deferred closed the cycle. */
    public DeferredCycleError(String message) {
        super(message);
    }
}
