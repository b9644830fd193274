package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;

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
}
