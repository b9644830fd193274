package dev.weft.defer;

import java.util.concurrent.Callable;

/**
 * Twisted's {@code defer.DeferredSemaphore}: limits how much asynchronous work runs at once; {@link #acquire()} returns
 * a Deferred.
 *
 * <p>Waiters are served first come, first served. Most code wants {@link #run(Callable)}, which releases whatever
 * happens. Cancelling a queued acquire fails it with {@link CancelledError}. Confined to the reactor thread.
 */
public final class DeferredSemaphore {
    private final WaitQueue<DeferredSemaphore> waiters = new WaitQueue<>(this, this::release);
    private final int limit;
    private int tokens;

    /** Creates a semaphore with {@code tokens} (1 or more) free tokens, which is also its limit. */
    public DeferredSemaphore(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException(
                    "DeferredSemaphore needs at least 1 token, got " + tokens + ": pass a positive count");
        }
        this.tokens = tokens;
        this.limit = tokens;
    }

    /** Asks for a token: the Deferred fires with this semaphore; the holder must {@link #release()} once. */
    public Deferred<DeferredSemaphore> acquire() {
        if (tokens == 0) {
            return waiters.enqueue();
        }
        tokens--;
        return waiters.grantedNow();
    }

    /** Gives a token back, handing it to the oldest waiter; throws {@link IllegalStateException} if all are free. */
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
     * Acquires a token, calls {@code f} as {@link Deferred#maybeDeferred} does, and releases it once f's outcome is
     * known.
     */
    public <R> Deferred<R> run(Callable<? extends R> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /** Does what {@link #run(Callable)} does, for a function that returns a Deferred. */
    public <R> Deferred<R> runDeferring(Callable<? extends Deferred<? extends R>> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /** Returns how many tokens are free now, from 0 to {@link #limit()}. */
    public int tokens() {
        return tokens;
    }

    /** Returns how many holders the semaphore admits at once. */
    public int limit() {
        return limit;
    }

    /** Returns how many acquire Deferreds wait in the queue. */
    public int waiting() {
        return waiters.size();
    }

    /** Describes the state, e.g. {@code DeferredSemaphore{0/3 tokens free, 2 waiting}}. */
    @Override
    public String toString() {
        return "DeferredSemaphore{" + tokens + "/" + limit + " tokens free, " + waiters.size() + " waiting}";
    }
}
