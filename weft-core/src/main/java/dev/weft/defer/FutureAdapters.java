package dev.weft.defer;

import java.lang.System.Logger.Level;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/** The bodies of {@link Deferred#toCompletableFuture()} and {@link Deferred#fromFuture}. */
final class FutureAdapters {
    private FutureAdapters() {}

    /** Appends the pair that completes a new future, consuming the result; see the caller. */
    static <T> CompletableFuture<T> toFuture(Deferred<T> d) {
        CancellingFuture<T> future = new CancellingFuture<>(d);
        d.addCallbacks(
                value -> {
                    future.complete(value);
                    return null;
                },
                failure -> {
                    future.completeExceptionally(failure.value());
                    return null;
                });
        return future;
    }

    /** Builds the Deferred that reports {@code stage}'s outcome on {@code executor}; see the caller. */
    static <T> Deferred<T> fromStage(CompletionStage<? extends T> stage, Executor executor) {
        StageBridge<T> bridge = new StageBridge<>(stage);
        Deferred<T> d = new Deferred<>(bridge::cancel);
        bridge.deferred = d;
        // Twisted's "uncancel": once the canceller has fired d, d waits on the replacement, which the
        // stage's eventual outcome fires.
        d.addCallback(value -> {
            Deferred<T> replacement = bridge.replacement;
            return replacement != null ? replacement : value;
        });
        stage.whenComplete((value, error) -> {
            try {
                executor.execute(() -> bridge.deliver(value, error));
            } catch (RejectedExecutionException e) {
                DebugInfo.LOG.log(
                        Level.ERROR,
                        "the executor of Deferred.fromFuture rejected the delivery of a result, so " + d
                                + " will never fire: keep the executor (the reactor) running",
                        e);
            }
        });
        return d;
    }

    /** Unwraps completion/execution wrappers; a {@link CancellationException} becomes a {@link CancelledError}. */
    static Failure failureOf(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            CancelledError cancelled = new CancelledError("the future was cancelled");
            cancelled.initCause(t);
            t = cancelled;
        }
        return new Failure(t);
    }

    /** A future whose {@link #cancel} also cancels the Deferred it was made from. */
    private static final class CancellingFuture<T> extends CompletableFuture<T> {
        private final Deferred<?> source;

        CancellingFuture(Deferred<?> source) {
            this.source = source;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                source.cancel();
            }
            return cancelled;
        }
    }

    /** The state of one {@code fromFuture} Deferred, touched only on the Deferred's thread. */
    private static final class StageBridge<T> {
        private final CompletionStage<? extends T> stage;
        private @Nullable Deferred<T> deferred;
        private @Nullable Deferred<T> replacement;

        StageBridge(CompletionStage<? extends T> stage) {
            this.stage = stage;
        }

        /** The canceller: cancels the future, then makes the Deferred wait for the future's report. */
        void cancel(Deferred<T> d) {
            try {
                stage.toCompletableFuture().cancel(false);
            } catch (UnsupportedOperationException e) {
                // A stage that cannot become a CompletableFuture cannot be cancelled: wait for it.
            }
            if (!d.isCalled()) {
                // Fired with a placeholder that the first pair swaps for the replacement.
                replacement = new Deferred<>();
                d.callback(null);
            }
        }

        /** Fires the Deferred (or, after a cancel, its replacement) with the stage's outcome. */
        void deliver(@Nullable T value, @Nullable Throwable error) {
            Deferred<T> target = replacement != null ? replacement : deferred;
            if (target == null) {
                throw new AssertionError("delivery before the Deferred was built");
            }
            if (error != null) {
                target.errback(failureOf(error));
            } else if (value instanceof Deferred) {
                target.errback(Deferred.deferredAsResult(value));
            } else {
                target.callback(value);
            }
        }
    }
}
