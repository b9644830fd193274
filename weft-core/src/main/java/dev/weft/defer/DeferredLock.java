package dev.weft.defer;

import java.util.concurrent.Callable;

/**
 * Serialises asynchronous work: a lock whose {@link #acquire()} returns a Deferred instead of
 * blocking. Twisted's {@code defer.DeferredLock}.
 *
 * <p>Waiters are served first come, first served; {@link #release()} hands the lock straight to the
 * oldest. Most code wants {@link #run(Callable)}, which releases whatever happens. Cancelling a queued
 * acquire fails it with {@link CancelledError}; cancelling one that holds the lock does nothing.
 *
 * <p>Confined to the reactor thread.
 */
public final class DeferredLock {
    private final WaitQueue<DeferredLock> waiters = new WaitQueue<>(this, this::release);
    private boolean locked;

    /** Creates an unlocked lock. */
    public DeferredLock() {}

    /**
     * Asks for the lock; the holder must call {@link #release()} exactly once.
     *
     * @return a Deferred that fires with this lock on acquisition
     */
    public Deferred<DeferredLock> acquire() {
        if (locked) {
            return waiters.enqueue();
        }
        locked = true;
        return waiters.grantedNow();
    }

    /**
     * Releases the lock, handing it to the oldest waiter if there is one.
     *
     * @throws IllegalStateException if the lock is not locked
     */
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
     * Acquires the lock, calls {@code f}, and releases the lock once f's outcome is known.
     *
     * @param f the work to do under the lock, handled as {@link Deferred#maybeDeferred} does
     * @param <R> the type of f's result
     * @return a Deferred that fires with f's outcome after the lock was released
     */
    public <R> Deferred<R> run(Callable<? extends R> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /**
     * Does what {@link #run(Callable)} does, for a function that returns a Deferred.
     *
     * @param f the work to do under the lock
     * @param <R> the type of the result of f's Deferred
     * @return a Deferred that fires with that result after the lock was released
     */
    public <R> Deferred<R> runDeferring(Callable<? extends Deferred<? extends R>> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /**
     * Tells whether someone holds the lock.
     *
     * @return whether the lock is held
     */
    public boolean isLocked() {
        return locked;
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
     * Describes the lock's state.
     *
     * @return e.g. {@code DeferredLock{locked, 2 waiting}}
     */
    @Override
    public String toString() {
        return "DeferredLock{" + (locked ? "locked" : "unlocked") + ", " + waiters.size() + " waiting}";
    }
}
