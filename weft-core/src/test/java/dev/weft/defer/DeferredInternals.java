package dev.weft.defer;

/**
 * Exposes package-private state of a {@link Deferred} to test code in other packages (the oracle
 * runner). Test support only; not part of weft's API.
 */
public final class DeferredInternals {
    private DeferredInternals() {}

    /**
     * Returns the number of pairs not yet run, continuation entries included (Twisted's {@code
     * len(d.callbacks)}, the trace's {@code n_cbs}).
     *
     * @param d the Deferred
     * @return its pending pair count
     */
    public static int pendingPairCount(Deferred<?> d) {
        return d.pendingPairCount();
    }
}
