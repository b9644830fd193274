package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * One step of a {@link Deferred}'s chain: takes the current result and returns the next one, a plain value, a
 * {@link Failure} (error path) or a {@link Deferred} (waited for); null is a result like any other, and
 * anything thrown becomes a Failure. Runs on the thread that fires the Deferred, the reactor thread; must not
 * block.
 *
 * @param <A> the type of the result the handler receives
 * @param <R> the type of the result the handler returns
 */
@FunctionalInterface
public interface Callback<A, R> {
    /** Computes the next result of the chain from the current one. */
    @Nullable
    R apply(A arg) throws Exception;
}
