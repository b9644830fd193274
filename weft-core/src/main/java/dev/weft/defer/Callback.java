package dev.weft.defer;

import org.jspecify.annotations.Nullable;

/**
 * Handles one step of a {@link Deferred}'s chain: takes the current result and returns the next one.
 *
 * <p>A handler may return a plain value, a {@link Failure} (which switches the chain to its error
 * path) or a {@link Deferred} (which the chain then waits on). Anything it throws becomes a {@link
 * Failure} wrapping the thrown object, checked exceptions included.
 *
 * <p>Runs on the thread that fires the Deferred (or adds the handler to a fired one): the reactor
 * thread. It must not block.
 *
 * @param <A> the type of the result the handler receives
 * @param <R> the type of the result the handler returns
 */
@FunctionalInterface
public interface Callback<A, R> {
    /**
     * Computes the next result of the chain from the current one.
     *
     * @param arg the current result
     * @return the next result; null is a result like any other (Twisted's {@code None})
     * @throws Exception anything; it becomes the chain's {@link Failure}
     */
    @Nullable
    R apply(A arg) throws Exception;
}
