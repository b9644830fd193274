package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * One step of a {@link Deferred}'s chain: takes the current result and returns the next one, a plain value, a {@link
 * Failure} (error path) or a {@link Deferred} (waited for); what it throws becomes a Failure. Runs on the thread that
 * fires the Deferred, the reactor thread; must not block.
 */
@FunctionalInterface
public interface Callback<A, R> {
    /** Computes the next result of the chain from the current one. */
    @Nullable
    R apply(A arg) throws Exception;
}
