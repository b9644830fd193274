package dev.weft.defer;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/** The FIFO of acquire Deferreds of {@link DeferredLock} and {@link DeferredSemaphore}; grants fire in a loop. */
final class WaitQueue<S> {
    private final S owner;
    private final Runnable giveBack;
    private final ArrayDeque<Deferred<S>> queued = new ArrayDeque<>();
    private final ArrayDeque<Deferred<S>> granted = new ArrayDeque<>();
    private boolean firing;

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

    /** Hands a grant to the oldest queued waiter and fires it, unless a grant is already firing further up. */
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

    /** Acquires, runs {@code f} as {@link Deferred#maybeDeferred} does, and releases once its outcome is known. */
    @SuppressWarnings("unchecked")
    static <R> Deferred<R> run(Deferred<?> acquisition, Runnable release, Callable<?> f) {
        return acquisition.addCallbackDeferring(
                held -> Deferred.<R>maybeDeferred0(f).addBoth(outcome -> {
                    release.run();
                    return (R) outcome;
                }));
    }
}
