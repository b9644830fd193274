package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Crosses between the reactor thread and other threads: Twisted's {@code IReactorThreads} (plus
 * {@code deferToThread}).
 *
 * <p>{@link #callFromThread(Runnable)} is thread-safe: it is the one way for another thread to reach
 * the reactor. The other methods are confined to the reactor thread.
 */
public interface IReactorThreads {
    /**
     * Runs {@code call} on the reactor thread, soon, waking the reactor if needed. Calls from one
     * thread run in the order they were made. Thread-safe.
     *
     * @param call what to run on the reactor thread
     */
    void callFromThread(Runnable call);

    /**
     * Runs {@code call} on a thread of the reactor's pool, not on the reactor thread. Confined to the
     * reactor thread.
     *
     * @param call what to run; it may block, and must reach the reactor only through {@link
     *     #callFromThread(Runnable)}
     */
    void callInThread(Runnable call);

    /**
     * Runs {@code call} on a thread of the reactor's pool and reports its outcome on the reactor
     * thread. Confined to the reactor thread.
     *
     * @param call what to run; it may block
     * @param <T> the type of its result
     * @return a Deferred that fires, on the reactor thread, with the result or with a Failure of what
     *     {@code call} threw
     */
    <T> Deferred<T> deferToThread(Callable<T> call);

    /**
     * Tells whether the calling thread is this reactor's own; {@link Threads} refuses to block there.
     * The default answers false (a reactor that cannot tell).
     *
     * @return true on the reactor thread
     */
    default boolean isReactorThread() {
        return false;
    }

    /**
     * Registers a future that a thread outside the reactor waits on, so that the reactor completes it
     * exceptionally if it stops before the answer comes; {@link Threads} uses it. The default keeps
     * nothing (the wait then lasts as long as the reactor takes).
     *
     * @param waiter the future
     * @return false if the reactor has already stopped (the caller must not wait), else true
     */
    default boolean addStopWaiter(CompletableFuture<?> waiter) {
        return true;
    }

    /**
     * Forgets a future registered with {@link #addStopWaiter}. The default does nothing.
     *
     * @param waiter the future
     */
    default void removeStopWaiter(CompletableFuture<?> waiter) {}
}
