package dev.weft.defer;

/**
 * A handler on a {@link Deferred}'s chain: it takes the current result and returns the next one.
 *
 * <p>A handler may return a plain value, a {@link Failure} (which switches the chain to its error
 * path) or a {@link Deferred} (which the chain then waits on). Anything it throws becomes a {@link
 * Failure} wrapping the thrown object.
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
     * @return the next result
     * @throws Exception anything; it becomes the chain's {@link Failure}
     */
    R apply(A arg) throws Exception;
}
