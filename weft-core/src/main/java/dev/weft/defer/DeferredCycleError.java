package dev.weft.defer;

/**
 * Reports that {@link Deferred#cancel()} followed Deferreds waiting on one another and came back to
 * one it had already visited: a wait cycle, which can never fire (a handler returned the Deferred it
 * runs on, or A waits on B while B waits on A).
 *
 * <p>Twisted forwards such a cancel recursively until Python's {@code RecursionError}; weft walks the
 * chain in a loop, notices the cycle, and throws this error instead, changing nothing. Immutable after
 * construction; thread-safe.
 */
public final class DeferredCycleError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with a message.
     *
     * @param message which Deferred closed the cycle
     */
    public DeferredCycleError(String message) {
        super(message);
    }
}
