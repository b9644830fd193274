package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Crosses between the reactor thread and other threads: Twisted's {@code IReactorThreads}.
 *
 * <p>{@link #callFromThread(Runnable)} is thread-safe; the other methods are confined to the
 * reactor thread.
 */
public interface IReactorThreads {
    /**
     * Runs {@code call} on the reactor thread soon; calls from one thread run in order. Thread-safe.
     * @param call what to run on the reactor thread
     */
    void callFromThread(Runnable call);

    /**
     * Runs {@code call} on a thread of the reactor's pool.
     * @param call what to run; it may block, and reaches the reactor only by {@link #callFromThread}
     */
    void callInThread(Runnable call);

    /**
     * Runs {@code call} on a thread of the reactor's pool and reports its outcome on the reactor thread.
     * @param call what to run; it may block
     * @param <T> the type of its result
     * @return a Deferred that fires with the result or a Failure of what {@code call} threw
     */
    <T> Deferred<T> deferToThread(Callable<T> call);

    /** {@return whether the calling thread is this reactor's own}; false by default. */
    default boolean isReactorThread() {
        return false;
    }

    /**
     * Registers a future that the reactor completes exceptionally if it stops first; the default keeps
     * nothing.
     * @param waiter the future
     * @return false if the reactor has already stopped (the caller must not wait), else true
     */
    default boolean addStopWaiter(CompletableFuture<?> waiter) {
        return true;
    }

    /**
     * Forgets a future registered with {@link #addStopWaiter}.
     * @param waiter the future
     */
    default void removeStopWaiter(CompletableFuture<?> waiter) {}
}
