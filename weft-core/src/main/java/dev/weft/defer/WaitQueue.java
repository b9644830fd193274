package dev.weft.defer;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * The FIFO of acquire Deferreds shared by {@link DeferredLock} and {@link DeferredSemaphore}, and the
 * {@code run} helper both offer. Confined to the owner's thread.
 *
 * <p>Twisted fires the next waiter inside {@code release()}, so a queue of {@code run()} calls whose
 * functions finish synchronously nests one {@code release → callback → release} per waiter and
 * overflows the stack. Here a grant made while another grant is firing only moves the waiter from
 * {@link #queued} to {@link #granted} (ownership passes at once, so a later {@code acquire()} still
 * queues behind it) and the outermost grant fires the granted waiters in order, in a loop. The one
 * observable difference from Twisted: code that runs after a nested {@code release()} returns, in the
 * same handler, runs before the next waiter's handlers rather than after them.
 *
 * @param <S> the primitive, which every acquire Deferred fires with
 */
final class WaitQueue<S> {
    private final S owner;
    private final Runnable giveBack;
    private final ArrayDeque<Deferred<S>> queued = new ArrayDeque<>();
    private final ArrayDeque<Deferred<S>> granted = new ArrayDeque<>();
    private boolean firing;

    /**
     * Creates an empty queue.
     *
     * @param owner the value acquire Deferreds fire with
     * @param giveBack releases a grant whose waiter was cancelled before it fired
     */
    WaitQueue(S owner, Runnable giveBack) {
        this.owner = owner;
        this.giveBack = giveBack;
    }

    /** Returns a Deferred that has already fired with the owner: an acquire that succeeded at once. */
    Deferred<S> grantedNow() {
        return Deferred.succeed(owner);
    }

    /** Queues and returns a new acquire Deferred whose cancel removes it from the queue. */
    Deferred<S> enqueue() {
        Deferred<S> d = new Deferred<>(this::cancelWaiter);
        queued.addLast(d);
        return d;
    }

    boolean hasQueued() {
        return !queued.isEmpty();
    }

    int size() {
        return queued.size();
    }

    /**
     * Hands the grant the caller has just accounted for to the oldest queued waiter and fires it,
     * unless a grant is already firing further up the stack (that loop then fires this one).
     *
     * @throws RuntimeException the first exception a waiter's {@code callback} threw (only if the
     *     caller fired an acquire Deferred itself); the other waiters are fired regardless
     */
    void grantOldest() {
        Deferred<S> next = queued.pollFirst();
        if (next == null) {
            throw new AssertionError("grantOldest() without a queued waiter");
        }
        granted.addLast(next);
        if (firing) {
            return;
        }
        firing = true;
        RuntimeException first = null;
        try {
            Deferred<S> d;
            while ((d = granted.pollFirst()) != null) {
                try {
                    d.callback(owner);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        } finally {
            firing = false;
        }
        if (first != null) {
            throw first;
        }
    }

    /** The canceller of a queued acquire: forgets it, or gives back the grant it never saw. */
    private void cancelWaiter(Deferred<S> d) {
        if (queued.remove(d)) {
            return;
        }
        if (granted.remove(d)) {
            giveBack.run();
        }
    }

    /**
     * Acquires, runs {@code f} as {@link Deferred#maybeDeferred} does, and releases once its outcome is
     * known, success or failure: Twisted's {@code _ConcurrencyPrimitive.run}.
     *
     * @param acquisition the acquire Deferred
     * @param release the primitive's release
     * @param f the function
     * @param <R> the type of f's result
     * @return the acquire Deferred, now carrying f's outcome
     */
    @SuppressWarnings("unchecked")
    static <R> Deferred<R> run(Deferred<?> acquisition, Runnable release, Callable<?> f) {
        return acquisition.addCallbackDeferring(
                held -> Deferred.<R>maybeDeferred(f).addBoth(outcome -> {
                    release.run();
                    return (R) outcome;
                }));
    }
}
