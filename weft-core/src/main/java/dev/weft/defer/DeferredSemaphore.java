package dev.weft.defer;

import java.util.concurrent.Callable;

/**
 * Limits how much asynchronous work runs at once: a semaphore whose {@link #acquire()} returns a
 * Deferred instead of blocking. Twisted's {@code defer.DeferredSemaphore}.
 *
 * <p>It starts with {@link #limit()} tokens. Each acquire takes one, at once if one is free, otherwise
 * after every earlier waiter (first come, first served); {@link #release()} hands a token straight to
 * the oldest waiter. Most code wants {@link #run(Callable)}, which releases whatever happens.
 * Cancelling a queued acquire removes it and fails it with {@link CancelledError}; cancelling one that
 * already holds a token does nothing.
 *
 * <p>As in {@link DeferredLock}, nested releases loop instead of recursing, so long queues of
 * synchronous {@code run} calls do not overflow the stack (DEVIATIONS.md).
 *
 * <p>Confined to the reactor thread, like the Deferreds it hands out.
 */
public final class DeferredSemaphore {
    private final WaitQueue<DeferredSemaphore> waiters = new WaitQueue<>(this, this::release);
    private final int limit;
    private int tokens;

    /**
     * Creates a semaphore with {@code tokens} free tokens, which is also its limit. Confined to the
     * calling thread from now on.
     *
     * @param tokens how many holders may hold it at once
     * @throws IllegalArgumentException if {@code tokens} is less than 1
     */
    public DeferredSemaphore(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException(
                    "DeferredSemaphore needs at least 1 token, got " + tokens + ": pass a positive count");
        }
        this.tokens = tokens;
        this.limit = tokens;
    }

    /**
     * Asks for a token. The Deferred fires with this semaphore once the caller holds one: at once if
     * one is free, otherwise when the earlier waiters have been served. The holder must call {@link
     * #release()} exactly once.
     *
     * @return a Deferred that fires with this semaphore on acquisition
     */
    public Deferred<DeferredSemaphore> acquire() {
        if (tokens == 0) {
            return waiters.enqueue();
        }
        tokens--;
        return waiters.grantedNow();
    }

    /**
     * Gives a token back: hands it to the oldest waiter, firing that waiter's Deferred, or adds it to
     * the free tokens if nobody waits.
     *
     * @throws IllegalStateException if every token is already free (released more often than acquired;
     *     Twisted asserts)
     */
    public void release() {
        if (tokens >= limit) {
            throw new IllegalStateException("release() on " + this
                    + " with every token already free: call release() once per successful acquire()");
        }
        if (waiters.hasQueued()) {
            waiters.grantOldest();
        } else {
            tokens++;
        }
    }

    /**
     * Acquires a token, calls {@code f}, and releases the token once f's outcome is known: at once if
     * f returns a value or throws, when its Deferred fires if it returns one.
     *
     * @param f the work to do while holding a token; its result, exception, {@link Failure} or Deferred
     *     is handled as {@link Deferred#maybeDeferred} does
     * @param <R> the type of f's result
     * @return a Deferred that fires with f's outcome after the token was released
     */
    public <R> Deferred<R> run(Callable<? extends R> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /**
     * Does what {@link #run(Callable)} does for a function that returns a Deferred, with a type that
     * says so: the token is held until that Deferred fires.
     *
     * @param f the work to do while holding a token
     * @param <R> the type of the result of f's Deferred
     * @return a Deferred that fires with that result after the token was released
     */
    public <R> Deferred<R> runDeferring(Callable<? extends Deferred<? extends R>> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /**
     * Returns how many tokens are free now (Twisted's {@code tokens}).
     *
     * @return free tokens, from 0 to {@link #limit()}
     */
    public int tokens() {
        return tokens;
    }

    /**
     * Returns how many holders the semaphore admits at once (Twisted's {@code limit}).
     *
     * @return the token count given to the constructor
     */
    public int limit() {
        return limit;
    }

    /**
     * Returns how many acquire Deferreds wait in the queue.
     *
     * @return the number of waiters
     */
    public int waiting() {
        return waiters.size();
    }

    /**
     * Describes the semaphore's state.
     *
     * @return e.g. {@code DeferredSemaphore{0/3 tokens free, 2 waiting}}
     */
    @Override
    public String toString() {
        return "DeferredSemaphore{" + tokens + "/" + limit + " tokens free, " + waiters.size() + " waiting}";
    }
}
