package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Lets code on other threads (tests, command-line tools, blocking libraries) call into a reactor
 * and wait for the answer: Twisted's {@code twisted.internet.threads.blockingCallFromThread}.
 *
 * <pre>{@code
 * IListeningPort port = Threads.blockingCall(reactor, () -> reactor.listenTCP(0, factory, 50, "127.0.0.1"));
 * IProtocol client = Threads.blockingCallFromThread(reactor, () -> endpoint.connect(factory));
 * }</pre>
 *
 * <p>Thread-safe; never call these on the reactor thread itself (that would wait for ever, so a reactor
 * that knows its thread, such as the NIO reactor, makes them throw instead). With a reactor that
 * tracks waiters ({@link IReactorThreads#addStopWaiter}), a wait ends with an {@link
 * IllegalStateException} if the reactor stops before the answer arrives.
 */
public final class Threads {
    private Threads() {}

    /**
     * Runs {@code call} on the reactor thread, waits for the Deferred it returns to fire, and returns
     * its result or rethrows its failure's exception as it is (even a checked one).
     *
     * @param reactor the reactor
     * @param call runs on the reactor thread and returns a Deferred
     * @param <T> the result type
     * @return the Deferred's result
     * @throws IllegalStateException on the reactor thread, if the reactor stops first, or if interrupted
     */
    public static <T> T blockingCallFromThread(IReactorThreads reactor, Supplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<T> result = new CompletableFuture<>();
        return await(reactor, result, () -> {
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
        });
    }

    /**
     * Runs {@code call} on the reactor thread and returns what it returns, or rethrows what it throws
     * as it is (even a checked exception).
     *
     * @param reactor the reactor
     * @param call runs on the reactor thread
     * @param <T> the result type
     * @return the result of {@code call}
     * @throws IllegalStateException on the reactor thread, if the reactor stops first, or if interrupted
     */
    public static <T> T blockingCall(IReactorThreads reactor, Callable<T> call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<T> result = new CompletableFuture<>();
        return await(reactor, result, () -> result.complete(call.call()));
    }

    private interface Body {
        void run() throws Exception;
    }

    private static <T> T await(IReactorThreads reactor, CompletableFuture<T> result, Body body) {
        Objects.requireNonNull(reactor, "reactor");
        if (reactor.isReactorThread()) {
            throw new IllegalStateException(
                    "blocking calls on the reactor thread would wait for ever: " + "call the reactor directly there");
        }
        if (!reactor.addStopWaiter(result)) {
            throw new IllegalStateException("the reactor has stopped: " + reactor);
        }
        try {
            reactor.callFromThread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            return result.get();
        } catch (ExecutionException e) {
            throw Threads.<RuntimeException>sneaky(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reactor", e);
        } finally {
            reactor.removeStopWaiter(result);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
