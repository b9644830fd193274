package dev.weft.defer;

import dev.weft.internet.IReactorTime;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * SKELETON (the Deferred helper replaces every body): Twisted's {@code Deferred}. The signatures here
 * are the contract other packages code against.
 *
 * @param <T> the type of the result the next handler receives
 */
public class Deferred<T> {
    /** Creates an unfired Deferred with no canceller. */
    public Deferred() {
        this(null);
    }

    /**
     * Creates an unfired Deferred with a canceller.
     *
     * @param canceller called by {@link #cancel()} on an unfired Deferred, or null
     */
    public Deferred(@Nullable Consumer<? super Deferred<T>> canceller) {}

    /**
     * Returns a Deferred that has already fired with {@code result}.
     *
     * @param result the result
     * @param <T> the result type
     * @return a fired Deferred
     */
    public static <T> Deferred<T> succeed(@Nullable T result) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Returns a Deferred that has already failed with {@code error}.
     *
     * @param error the exception
     * @param <T> the result type
     * @return a failed Deferred
     */
    public static <T> Deferred<T> fail(Throwable error) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Returns a Deferred that has already failed with {@code failure}.
     *
     * @param failure the failure
     * @param <T> the result type
     * @return a failed Deferred
     */
    public static <T> Deferred<T> fail(Failure failure) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Calls {@code f} and wraps its outcome in a Deferred.
     *
     * @param f the function
     * @param <T> the result type
     * @return a Deferred with f's outcome
     */
    public static <T> Deferred<T> maybeDeferred(Callable<?> f) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adapts a CompletionStage.
     *
     * @param stage the stage
     * @param executor where the result is delivered
     * @param <T> the result type
     * @return a Deferred
     */
    public static <T> Deferred<T> fromFuture(CompletionStage<? extends T> stage, Executor executor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Fires with a result.
     *
     * @param result the result
     */
    public void callback(@Nullable T result) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Fires with an error.
     *
     * @param error the exception
     */
    public void errback(Throwable error) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Fires with a failure.
     *
     * @param failure the failure
     */
    public void errback(Failure failure) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adds a success handler.
     *
     * @param callback the handler
     * @param <R> the next type
     * @return this Deferred
     */
    public <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adds a success handler returning a Deferred.
     *
     * @param callback the handler
     * @param <R> the next type
     * @return this Deferred
     */
    public <R> Deferred<R> addCallbackDeferring(Callback<? super T, ? extends Deferred<? extends R>> callback) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adds an error handler.
     *
     * @param errback the handler
     * @return this Deferred
     */
    public Deferred<T> addErrback(Callback<? super Failure, ?> errback) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adds a handler for both paths.
     *
     * @param handler the handler
     * @param <R> the next type
     * @return this Deferred
     */
    public <R> Deferred<R> addBoth(Callback<Object, ? extends R> handler) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adds a pair of handlers.
     *
     * @param callback the success handler
     * @param errback the error handler
     * @param <R> the next type
     * @return this Deferred
     */
    public <R> Deferred<R> addCallbacks(
            Callback<? super T, ? extends R> callback, Callback<? super Failure, ? extends R> errback) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Chains another Deferred.
     *
     * @param other the Deferred
     * @return this Deferred
     */
    public Deferred<@Nullable Void> chainDeferred(Deferred<? super T> other) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Pauses. */
    public void pause() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Unpauses. */
    public void unpause() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Cancels. */
    public void cancel() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Tells whether fired.
     *
     * @return whether fired
     */
    public boolean isCalled() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adds a timeout.
     *
     * @param seconds the timeout
     * @param clock the clock
     * @return this Deferred
     */
    public Deferred<T> addTimeout(double seconds, IReactorTime clock) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Returns the unhandled failure.
     *
     * @return the failure or null
     */
    public @Nullable Failure unhandledFailure() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Adapts to a CompletableFuture.
     *
     * @return a future
     */
    public CompletableFuture<T> toCompletableFuture() {
        throw new UnsupportedOperationException("skeleton");
    }
}
