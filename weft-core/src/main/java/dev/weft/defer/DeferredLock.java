package dev.weft.defer;

import java.util.concurrent.Callable;

/**
 * Twisted's {@code defer.DeferredLock}: serialises asynchronous work; {@link #acquire()} returns a Deferred.
 *
 * <p>Waiters are served first come, first served. Most code wants {@link #run(Callable)}, which releases whatever
 * happens. Cancelling a queued acquire fails it with {@link CancelledError}. Confined to the reactor thread.
 */
public final class DeferredLock {
    private final WaitQueue<DeferredLock> waiters = new WaitQueue<>(this, this::release);
    private boolean locked;

    /** Creates an unlocked lock. */
    public DeferredLock() {}

    /** Asks for the lock, returning a Deferred that fires with this lock; the holder must {@link #release()} once. */
    public Deferred<DeferredLock> acquire() {
        if (locked) {
            return waiters.enqueue();
        }
        locked = true;
        return waiters.grantedNow();
    }

    /** Releases the lock, handing it to the oldest waiter; throws {@link IllegalStateException} if not locked. */
    public void release() {
        if (!locked) {
            throw new IllegalStateException(
                    "release() on an unlocked " + this + ": call release() once per successful acquire()");
        }
        if (waiters.hasQueued()) {
            waiters.grantOldest();
        } else {
            locked = false;
        }
    }

    /**
     * Acquires the lock, calls {@code f} as {@link Deferred#maybeDeferred} does, and releases it once f's outcome is
     * known.
     */
    public <R> Deferred<R> run(Callable<? extends R> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /** Does what {@link #run(Callable)} does, for a function that returns a Deferred. */
    public <R> Deferred<R> runDeferring(Callable<? extends Deferred<? extends R>> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /** Tells whether someone holds the lock. */
    public boolean isLocked() {
        return locked;
    }

    /** Returns how many acquire Deferreds wait in the queue. */
    public int waiting() {
        return waiters.size();
    }

    /** Describes the state, e.g. {@code DeferredLock{locked, 2 waiting}}. */
    @Override
    public String toString() {
        return "DeferredLock{" + (locked ? "locked" : "unlocked") + ", " + waiters.size() + " waiting}";
    }
}
