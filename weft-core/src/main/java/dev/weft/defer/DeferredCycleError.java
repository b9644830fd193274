package dev.weft.defer;

/**
 * Reports that {@link Deferred#cancel()} found Deferreds waiting on one another in a cycle, which can
 * never fire; nothing was changed. Thread-safe.
 */
public final class DeferredCycleError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error; the message says which Deferred closed the cycle. */
    public DeferredCycleError(String message) {
        super(message);
    }
}
