package dev.weft.internet.nio.internal;

import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The one way into the loop from other threads: a queue of calls, and a flag saying whether the loop may be
 * asleep in its selector, so that {@link #add} wakes it only then (Netty's {@code wakenUp}); also the other
 * threads' waits, ended if the reactor stops. The loop calls {@link #beforeSleep()}, then checks {@link
 * #isEmpty()} before it selects, and {@link #afterSleep()} when it wakes: a call added after the check finds
 * the flag set and wakes the selector. {@link #add}, {@link #addWaiter} and {@link #removeWaiter} are
 * thread-safe; the rest is confined to the reactor thread.
 */
final class ThreadCalls {
    private static final int MAX_PER_TURN = 4096;

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean mayBeAsleep = new AtomicBoolean();
    private final Set<CompletableFuture<?>> waiters = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    ThreadCalls(Selector selector) {
        this.selector = selector;
    }

    /** Queues {@code call}, waking the selector if the loop may be asleep in it. Thread-safe. */
    void add(Runnable call) {
        queue.add(call);
        if (mayBeAsleep.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /** Queues {@code call} without waking the selector: it runs at the loop's next turn. Thread-safe. */
    void addLazily(Runnable call) {
        queue.add(call);
    }

    void beforeSleep() {
        mayBeAsleep.set(true);
    }

    void afterSleep() {
        mayBeAsleep.set(false);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Runs the queued calls, up to 4096 so that a flood from other threads cannot starve I/O. */
    void runSome() {
        for (int i = 0; i < MAX_PER_TURN; i++) {
            Runnable call = queue.poll();
            if (call == null) {
                return;
            }
            try {
                call.run();
            } catch (Throwable t) {
                Faults.callbackFailed("a call from another thread " + call, t);
            }
        }
    }

    /** Registers a wait; returns false (registering nothing) once the reactor has stopped. Thread-safe. */
    boolean addWaiter(CompletableFuture<?> waiter) {
        waiters.add(waiter);
        if (stopped) {
            waiters.remove(waiter);
            return false;
        }
        return true;
    }

    /** Forgets a wait. Thread-safe. */
    void removeWaiter(CompletableFuture<?> waiter) {
        waiters.remove(waiter);
    }

    /**
     * Drops the queued calls (they never run) and ends every wait with an exception: {@code fatal} itself
     * if the reactor stopped for that error, else an {@link IllegalStateException}.
     */
    void stop(@Nullable Throwable fatal) {
        stopped = true;
        queue.clear();
        for (CompletableFuture<?> waiter : waiters) {
            waiter.completeExceptionally(
                    fatal != null ? fatal : new IllegalStateException("the reactor stopped before the result arrived"));
        }
        waiters.clear();
    }
}
