package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Twisted's {@code IReactorThreads}: crosses between the reactor thread and other threads. {@link
 * #callFromThread(Runnable)} is thread-safe; the other methods are confined to the reactor thread.
 */
public interface IReactorThreads {
    /** Runs {@code call} on the reactor thread soon; calls from one thread run in order. Thread-safe. */
    void callFromThread(Runnable call);

    /**
     * Queues {@code call} like {@link #callFromThread} without waking a reactor that sleeps: it runs when
     * the reactor next wakes for anything (I/O, a timer, another call), in order with the other calls
     * (Netty's {@code lazyExecute}). For a result nobody needs before the next event; the caller must
     * know that one comes. By default, {@code callFromThread}. Thread-safe.
     */
    default void callFromThreadLazily(Runnable call) {
        callFromThread(call);
    }

    /** Runs {@code call}, which may block, on a pool thread; it reaches the reactor only by {@link #callFromThread}. */
    void callInThread(Runnable call);

    /** Runs {@code call}, which may block, on a pool thread; the Deferred fires on the reactor thread. */
    <T> Deferred<T> deferToThread(Callable<T> call);

    /** {@return whether the calling thread is this reactor's own}; false by default. */
    default boolean isReactorThread() {
        return false;
    }

    /** Registers a future the reactor fails if it stops first; false if it has stopped already (then do not wait). */
    default boolean addStopWaiter(CompletableFuture<?> waiter) {
        return true;
    }

    /** Forgets a future registered with {@link #addStopWaiter}. */
    default void removeStopWaiter(CompletableFuture<?> waiter) {}
}
