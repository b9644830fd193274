package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code blockingCallFromThread}: lets code on other threads call into a reactor and wait for the answer.
 *
 * <pre>{@code
 * IListeningPort port = Threads.blockingCall(reactor, () -> reactor.listenTCP(0, factory, 50, "127.0.0.1"));
 * }</pre>
 *
 * <p>Thread-safe, but never call these on the reactor thread itself: that, the reactor stopping before the answer, or
 * an interrupt, throws {@link IllegalStateException}: for a stop, one made on the waiting thread, so its stack shows
 * where it waited, caused by the reactor's. A fatal error that stopped the reactor is thrown as itself, with where
 * each waiting thread waited added to it, suppressed.
 */
public final class Threads {
    private Threads() {}

    /**
     * Runs {@code call} on the reactor thread, waits for its Deferred, and returns its result or rethrows its error.
     */
    public static <T> T blockingCallFromThread(IReactorThreads reactor, Supplier<? extends Deferred<T>> call) {
        return awaitDeferred(reactor, null, call);
    }

    /**
     * As above, but gives up after {@code timeout} (positive), leaving the Deferred pending.
     * @throws IllegalStateException also on timeout (caused by a {@link TimeoutException})
     */
    public static <T> T blockingCallFromThread(
            IReactorThreads reactor, Duration timeout, Supplier<? extends Deferred<T>> call) {
        return awaitDeferred(reactor, checkTimeout(timeout), call);
    }

    /**
     * As {@link #blockingCall(IReactorThreads, Callable)}, but gives up after a positive {@code timeout}.
     * @throws IllegalStateException also on timeout (caused by a {@link TimeoutException})
     */
    public static <T> T blockingCall(IReactorThreads reactor, Duration timeout, Callable<T> call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<T> result = new CompletableFuture<>();
        return await(
                reactor,
                result,
                () -> result.complete(call.call()),
                checkTimeout(timeout),
                "the call to return on the reactor thread (it has not run or not finished: is the reactor"
                        + " thread blocked or busy?)");
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    private static <T> T awaitDeferred(
            IReactorThreads reactor, @Nullable Duration timeout, Supplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<T> result = new CompletableFuture<>();
        Body body = () -> {
            Deferred<T> deferred = Objects.requireNonNull(call.get(), "the Deferred returned by call");
            deferred.addCallbacks(
                    value -> {
                        result.complete(value);
                        return null;
                    },
                    failure -> {
                        result.completeExceptionally(failure.value());
                        return null;
                    });
        };
        return await(
                reactor,
                result,
                body,
                timeout,
                "the Deferred returned by the call to fire (it stays pending: the wait ended, not the work)");
    }

    /** Runs {@code call} on the reactor thread and returns its result, or rethrows what it throws. */
    public static <T> T blockingCall(IReactorThreads reactor, Callable<T> call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<T> result = new CompletableFuture<>();
        return await(reactor, result, () -> result.complete(call.call()), null, "");
    }

    private interface Body {
        void run() throws Exception;
    }

    private static <T> T await(
            IReactorThreads reactor,
            CompletableFuture<T> result,
            Body body,
            @Nullable Duration timeout,
            String awaited) {
        Objects.requireNonNull(reactor, "reactor");
        if (reactor.isReactorThread()) {
            throw new IllegalStateException(
                    "blocking calls on the reactor thread would wait for ever: " + "call the reactor directly there");
        }
        // A stop ends this wait with an exception made on the reactor thread; told apart from the call's own by
        // identity, so that what the caller gets can show where the caller waited.
        CompletableFuture<Void> stop = new CompletableFuture<>();
        if (!reactor.addStopWaiter(stop)) {
            throw new IllegalStateException("the reactor has stopped: " + reactor);
        }
        stop.whenComplete((ignored, why) -> result.completeExceptionally(why));
        try {
            reactor.callFromThread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            if (timeout == null) {
                return result.get();
            }
            try {
                return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "gave up after " + timeout + " waiting on " + reactor + " for " + awaited, e);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause != null && cause == stop.handle((ignored, why) -> why).getNow(null)) {
                String waiter = Thread.currentThread().getName() + " was waiting on " + reactor;
                if (cause instanceof IllegalStateException) {
                    throw new IllegalStateException("the reactor stopped before the result arrived; " + waiter, cause);
                }
                try { // a fatal error reaches every waiter as itself, as documented, with where each one waited
                    cause.addSuppressed(new IllegalStateException(waiter + " here when the reactor stopped"));
                } catch (Throwable noHeap) {
                    // the error alone, then
                }
            }
            throw Threads.<RuntimeException>sneaky(cause != null ? cause : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reactor", e);
        } finally {
            reactor.removeStopWaiter(stop);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
