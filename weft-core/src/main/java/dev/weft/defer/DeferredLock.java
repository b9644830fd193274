package dev.weft.defer;

import java.util.concurrent.Callable;

/**
 * Serialises asynchronous work: a lock whose {@link #acquire()} returns a Deferred instead of
 * blocking. Twisted's {@code defer.DeferredLock}.
 *
 * <p>Acquirers are served first come, first served. {@link #release()} hands the lock straight to the
 * oldest waiter (the lock stays locked and that waiter's Deferred fires), so nobody can slip in
 * between. Most code wants {@link #run(Callable)}, which releases whatever happens.
 *
 * <p>Cancelling an acquire Deferred that is still queued removes it from the queue and fails it with
 * {@link CancelledError}; cancelling one that already holds the lock does nothing (release it
 * instead).
 *
 * <p>A {@code release()} made while another one is firing its waiter fires the next waiter when the
 * outer one gets control back, in a loop: long queues of synchronous {@code run} calls do not
 * overflow the stack, and the order stays FIFO (a deviation from Twisted: DEVIATIONS.md).
 *
 * <p>Confined to the reactor thread, like the Deferreds it hands out.
 */
public final class DeferredLock {
    private final WaitQueue<DeferredLock> waiters = new WaitQueue<>(this, this::release);
    private boolean locked;

    /** Creates an unlocked lock. Confined to the calling thread from now on. */
    public DeferredLock() {}

    /**
     * Asks for the lock. The Deferred fires with this lock as soon as the caller holds it: at once if
     * the lock is free, otherwise when every earlier acquirer has released it. The holder must call
     * {@link #release()} exactly once.
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
     * Releases the lock: hands it to the oldest waiter, firing that waiter's Deferred, or unlocks it
     * if nobody waits.
     *
     * @throws IllegalStateException if the lock is not locked (Twisted asserts)
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
     * Acquires the lock, calls {@code f}, and releases the lock once f's outcome is known: at once if
     * f returns a value or throws, when its Deferred fires if it returns one.
     *
     * @param f the work to do under the lock; its result, exception, {@link Failure} or Deferred is
     *     handled as {@link Deferred#maybeDeferred} does
     * @param <R> the type of f's result
     * @return a Deferred that fires with f's outcome after the lock was released
     */
    public <R> Deferred<R> run(Callable<? extends R> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /**
     * Does what {@link #run(Callable)} does for a function that returns a Deferred, with a type that
     * says so: the lock is held until that Deferred fires.
     *
     * @param f the work to do under the lock
     * @param <R> the type of the result of f's Deferred
     * @return a Deferred that fires with that result after the lock was released
     */
    public <R> Deferred<R> runDeferring(Callable<? extends Deferred<? extends R>> f) {
        return WaitQueue.run(acquire(), this::release, f);
    }

    /**
     * Tells whether someone holds the lock (Twisted's {@code locked}); a free lock is acquired at once.
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
