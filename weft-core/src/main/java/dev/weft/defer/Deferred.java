package dev.weft.defer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code Deferred}: a result that is not there yet, and the chain of handlers that will process it.
 *
 * <p>{@link #callback} or {@link #errback} fires it, once; the (callback, errback) pairs then run in order,
 * synchronously. What a handler returns becomes the next result (a Failure switches to the error path, a Deferred is
 * waited for; {@code null} is an ordinary value); what it throws becomes a Failure. Every {@code add…} method returns
 * this same Deferred retyped: use the returned reference. An unhandled Failure is logged when the Deferred is
 * garbage-collected.
 *
 * <p>Confined to the reactor thread: handlers run on the thread that fires.
 */
public class Deferred<T> {
    private static volatile boolean debugging;

    boolean called;
    int paused;

    @Nullable
    Object result;

    boolean running;

    /** The stage whose handler returned the current result (0: the fired value), for {@link HandlerTypeMismatch}. */
    int producerStage;

    /** Which handler of {@link #producerStage} returned the result: one of {@link HandlerTypeMismatch}'s kinds. */
    byte producerKind;

    /** The last stage after {@link #producerStage} whose handler passed the result on as it was (0: none). */
    int passedStage;

    /** Which handler of {@link #passedStage} passed the result on: one of {@link HandlerTypeMismatch}'s kinds. */
    byte passedKind;

    private boolean suppressAlreadyCalled;
    private @Nullable Consumer<? super Deferred<T>> canceller;
    private @Nullable ArrayDeque<Pair> pairs;
    private int pairsAdded;
    private @Nullable DebugInfo debugInfo;

    @Nullable
    Deferred<?> waitingOn;

    /** Creates an unfired Deferred with no canceller. Confined to the calling thread from now on. */
    public Deferred() {
        this(null);
    }

    /** Creates an unfired Deferred whose {@code canceller} (or null) {@link #cancel()} calls while it is unfired. */
    public Deferred(@Nullable Consumer<? super Deferred<T>> canceller) {
        this.canceller = canceller;
        if (debugging) {
            DebugInfo info = new DebugInfo();
            info.recordCreator();
            debugInfo = info;
        }
    }

    /** Returns a Deferred already fired with {@code result} (a {@link Failure} fails it); not with a Deferred. */
    public static <T> Deferred<T> succeed(@Nullable T result) {
        Deferred<T> d = new Deferred<>();
        d.callback(result);
        return d;
    }

    /** Returns a Deferred that has already failed with {@code error}, wrapped in a new Failure. */
    public static <T> Deferred<T> fail(Throwable error) {
        return fail(new Failure(error));
    }

    /** Returns a Deferred that has already failed with {@code failure}. */
    public static <T> Deferred<T> fail(Failure failure) {
        Deferred<T> d = new Deferred<>();
        d.errback(failure);
        return d;
    }

    /**
     * Calls {@code f} now and returns its outcome as a Deferred: Twisted's {@code maybeDeferred}. What it throws, or a
     * {@link Failure} it returns, fails the Deferred; for a function that returns a Deferred, use {@link
     * #maybeDeferredDeferring}.
     */
    public static <T> Deferred<T> maybeDeferred(Callable<? extends T> f) {
        return maybeDeferred0(f);
    }

    /** Does what {@link #maybeDeferred} does, for a function that returns a Deferred: returns that Deferred. */
    public static <T> Deferred<T> maybeDeferredDeferring(Callable<? extends Deferred<? extends T>> f) {
        return maybeDeferred0(f);
    }

    /** Twisted's {@code maybeDeferred} on a function of any type, for this package. */
    @SuppressWarnings("unchecked")
    static <T> Deferred<T> maybeDeferred0(Callable<?> f) {
        Object out;
        try {
            out = f.call();
        } catch (Throwable t) {
            ChainRunner.rethrowIfFatal(t);
            return fail(t);
        }
        if (out instanceof Deferred<?> d) {
            return (Deferred<T>) d;
        }
        if (out instanceof Failure failure) {
            return fail(failure);
        }
        return succeed((T) out);
    }

    /**
     * Returns a Deferred that fires, through {@code executor} (the reactor thread; if it rejects the task, never), with
     * {@code stage}'s unwrapped outcome: Twisted's {@code fromFuture}. A cancelled future gives a {@link
     * CancelledError}; {@link #cancel()} cancels the future.
     */
    public static <T> Deferred<T> fromFuture(CompletionStage<? extends T> stage, Executor executor) {
        return FutureAdapters.fromStage(
                Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(executor, "executor"));
    }

    /** Turns debug mode (recording creation and first-fire stacks) on or off for the whole JVM. Thread-safe. */
    public static void setDebugging(boolean on) {
        debugging = on;
    }

    /** Tells whether debug mode is on. Thread-safe. */
    public static boolean getDebugging() {
        return debugging;
    }

    /**
     * Fires this Deferred (a {@link Failure} takes the error path) and runs the chain; the first fire after a {@link
     * #cancel()} without canceller is ignored.
     * @throws AlreadyCalledError if this Deferred has already fired
     * @throws IllegalArgumentException if {@code result} is a Deferred (use {@link #chainDeferred})
     */
    public final void callback(@Nullable T result) {
        if (result instanceof Deferred) {
            throw deferredAsResult(result);
        }
        fire(result);
    }

    /** Fires this Deferred with {@code error} in a new {@link Failure}; throws {@link AlreadyCalledError} if fired. */
    public final void errback(Throwable error) {
        fire(new Failure(error));
    }

    /** Fires this Deferred with a failure; throws {@link AlreadyCalledError} if fired. */
    public final void errback(Failure failure) {
        fire(Objects.requireNonNull(failure, "failure"));
    }

    /** Adds a success handler returning the next result (a value, a Failure or a Deferred); a Failure passes by. */
    public final <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
        return addCallbacks0(Objects.requireNonNull(callback, "callback"), null, HandlerTypeMismatch.CALLBACK);
    }

    /** Adds a success handler that returns a Deferred, whose result this chain waits for. */
    public final <R> Deferred<R> addCallbackDeferring(Callback<? super T, ? extends Deferred<? extends R>> callback) {
        return addCallbacks0(Objects.requireNonNull(callback, "callback"), null, HandlerTypeMismatch.DEFERRING);
    }

    /** Adds an error handler; returning a value recovers, returning the Failure or throwing keeps the error. */
    public final Deferred<T> addErrback(Callback<? super Failure, ?> errback) {
        return addCallbacks0(null, Objects.requireNonNull(errback, "errback"), HandlerTypeMismatch.ERRBACK);
    }

    /** Adds one handler for both paths, receiving a value or a {@link Failure}. */
    public final <R> Deferred<R> addBoth(Callback<Object, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        return addCallbacks0(handler, handler, HandlerTypeMismatch.BOTH);
    }

    /**
     * Adds {@code action} on both paths and passes the result or Failure on unchanged, keeping this Deferred's type:
     * what Twisted writes as {@code d.addBoth(cleanup)} with a {@code cleanup(result)} that ends in {@code return
     * result}, which {@link #addBoth} cannot type. If {@code action} throws, its exception becomes the Failure; one
     * thrown on the error path carries the earlier exception as {@linkplain Throwable#addSuppressed suppressed}, so
     * neither is lost (see DEVIATIONS.md).
     */
    public final Deferred<T> addFinally(Runnable action) {
        Objects.requireNonNull(action, "action");
        Callback<Object, Object> handler = result -> {
            try {
                action.run();
            } catch (RuntimeException | Error thrown) {
                if (result instanceof Failure earlier && earlier.value() != thrown) {
                    thrown.addSuppressed(earlier.value());
                }
                throw thrown;
            }
            return result;
        };
        return addCallbacks0(handler, handler, HandlerTypeMismatch.FINALLY);
    }

    /** Adds a pair of handlers, of which exactly one runs. */
    public final <R> Deferred<R> addCallbacks(
            Callback<? super T, ? extends R> callback, Callback<? super Failure, ? extends R> errback) {
        return addCallbacks0(
                Objects.requireNonNull(callback, "callback"),
                Objects.requireNonNull(errback, "errback"),
                HandlerTypeMismatch.CALLBACKS);
    }

    /** Adds one handler for both paths as {@code adder} (a {@link HandlerTypeMismatch} adder, for its messages). */
    final void addBothAs(Callback<Object, ?> handler, byte adder) {
        addCallbacks0(handler, handler, adder);
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> addCallbacks0(
            @Nullable Callback<?, ?> callback, @Nullable Callback<?, ?> errback, byte adder) {
        addPair(Pair.handlers(callback, errback, adder));
        return (Deferred<R>) this;
    }

    /**
     * Makes {@code other} fire with this Deferred's result when the chain reaches this point. This chain goes on with
     * {@code null} (or an {@link AlreadyCalledError} Failure if {@code other} had fired).
     */
    @SuppressWarnings("unchecked")
    public final Deferred<@Nullable Void> chainDeferred(Deferred<? super T> other) {
        addPair(Pair.chain(Objects.requireNonNull(other, "other")));
        return (Deferred<@Nullable Void>) this;
    }

    /** Stops handlers from running until the matching {@link #unpause()}. Pauses nest. */
    public final void pause() {
        paused++;
    }

    /**
     * Undoes one {@link #pause()}, running pending pairs when none is left.
     * @throws IllegalStateException if there is no pause of the caller's to undo (see DEVIATIONS.md)
     */
    public final void unpause() {
        int userPauses = paused - (waitingOn == null ? 0 : 1);
        if (userPauses <= 0) {
            throw new IllegalStateException(
                    "unpause() without a matching pause() on " + this + ": call unpause() once per pause()");
        }
        paused--;
        if (paused == 0 && called) {
            ChainRunner.run(this);
        }
    }

    /**
     * Asks for this Deferred's result to be abandoned. Unfired: runs the canceller, then fails with {@link
     * CancelledError} unless the canceller fired it (without a canceller, the next fire is ignored once). Waiting on
     * another Deferred: cancels that one. Fired: nothing.
     * @throws DeferredCycleError if the Deferreds this one waits on form a cycle
     */
    public final void cancel() {
        Deferred<?> d = this;
        Set<Deferred<?>> visited = null;
        while (d.called) {
            if (!(d.result instanceof Deferred<?> awaited) || !d.forwardsCancel()) {
                return;
            }
            if (visited == null) {
                visited = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            if (!visited.add(d) || visited.contains(awaited)) {
                throw new DeferredCycleError("cancel() on " + this + " reached " + awaited
                        + " twice: Deferreds that wait on each other in a cycle can never fire");
            }
            d = awaited;
        }
        d.cancelUnfired();
    }

    /** Tells whether cancel on this fired, waiting Deferred goes on to the awaited one (DeferredList: no). */
    boolean forwardsCancel() {
        return true;
    }

    void cancelUnfired() {
        Consumer<? super Deferred<T>> c = canceller;
        if (c != null) {
            c.accept(this);
        } else {
            suppressAlreadyCalled = true;
        }
        if (!called) {
            errback(new Failure(new CancelledError()));
        }
    }

    /** Fails this Deferred with a {@link TimeoutError} if the pairs added so far have not finished in time. */
    public final Deferred<T> addTimeout(double seconds, Scheduler clock) {
        Timeouts.add(this, seconds, clock, null);
        return this;
    }

    /** Fails this Deferred with a {@link TimeoutError}, as {@link #addTimeout(double, Scheduler)} does. */
    public final Deferred<T> addTimeout(Duration timeout, Scheduler clock) {
        return addTimeout(timeout.toNanos() / 1e9, clock);
    }

    /** Cancels this Deferred after {@code seconds}; {@code onTimeoutCancel} maps the result and timeout to the next. */
    public final Deferred<T> addTimeout(
            double seconds, Scheduler clock, BiFunction<@Nullable Object, Double, @Nullable Object> onTimeoutCancel) {
        Timeouts.add(this, seconds, clock, Objects.requireNonNull(onTimeoutCancel, "onTimeoutCancel"));
        return this;
    }

    /** Tells whether {@link #callback} or {@link #errback} has run; stays true for good. */
    public final boolean isCalled() {
        return called;
    }

    /** Returns how many pauses hold this Deferred (waiting on another counts); 0 when handlers may run. */
    public final int pauseCount() {
        return paused;
    }

    /** Returns the result the chain carries now; throws {@link IllegalStateException} if not fired. */
    public final @Nullable Object currentResult() {
        if (!called) {
            throw new IllegalStateException(this + " has not fired: check isCalled() first");
        }
        return result;
    }

    /** Returns the Failure that would be logged as unhandled if this Deferred were collected now, or null. */
    public final @Nullable Failure unhandledFailure() {
        DebugInfo info = debugInfo;
        return info == null ? null : info.failResult();
    }

    /**
     * Returns a future of this Deferred's result at this point of the chain, which goes on with {@code null}: Twisted's
     * {@code asFuture}. It completes on the firing thread; cancelling it cancels this Deferred (do so on the reactor
     * thread).
     */
    public CompletableFuture<T> toCompletableFuture() {
        return FutureAdapters.toFuture(this);
    }

    /** Describes this Deferred and its state, e.g. {@code Deferred@1b6d3586{current result: 42}}. */
    @Override
    public String toString() {
        String id = getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this));
        if (!called) {
            return id + "{unfired}";
        }
        Object r = result;
        if (r instanceof Deferred<?> awaited) {
            return id + "{waiting on " + awaited.getClass().getSimpleName() + "@"
                    + Integer.toHexString(System.identityHashCode(awaited)) + "}";
        }
        return id + "{current result: " + (r instanceof Failure f ? f.value() : r) + "}";
    }

    // ---------------------------------------------------------------------------------------------
    // Internals shared with ChainRunner, DeferredList and Timeouts.

    static IllegalArgumentException deferredAsResult(Object result) {
        return new IllegalArgumentException("a Deferred cannot be the result of another Deferred (got " + result
                + "): return it from a handler, or use chainDeferred, to chain it");
    }

    private void fire(@Nullable Object r) {
        if (beginFire(r)) {
            ChainRunner.run(this);
        }
    }

    /** Stores the first result without running the chain; false if a cancel suppressed this fire. */
    final boolean beginFire(@Nullable Object r) {
        if (called) {
            if (suppressAlreadyCalled) {
                suppressAlreadyCalled = false;
                return false;
            }
            throw alreadyCalled();
        }
        if (debugging) {
            debugInfo().recordInvoker();
        }
        called = true;
        result = r;
        canceller = null;
        return true;
    }

    private AlreadyCalledError alreadyCalled() {
        String message = this + " has already fired: fire each Deferred once";
        if (debugging) {
            message += "\n" + debugInfo().tracebacks();
        }
        return new AlreadyCalledError(message);
    }

    private DebugInfo debugInfo() {
        DebugInfo info = debugInfo;
        if (info == null) {
            info = new DebugInfo();
            debugInfo = info;
        }
        return info;
    }

    final void addPair(Pair pair) {
        appendPair(pair);
        if (called) {
            ChainRunner.run(this);
        }
    }

    final void appendPair(Pair pair) {
        ArrayDeque<Pair> list = pairs;
        if (list == null) {
            list = new ArrayDeque<>(4);
            pairs = list;
        }
        list.addLast(pair);
        pairsAdded++;
    }

    /** Returns the 1-based stage number of the pair polled last, for error messages. */
    final int lastPolledStage() {
        return pairsAdded - pendingPairCount();
    }

    final @Nullable Pair pollPair() {
        ArrayDeque<Pair> list = pairs;
        return list == null ? null : list.pollFirst();
    }

    /** Returns the number of pairs not yet run. */
    final int pendingPairCount() {
        ArrayDeque<Pair> list = pairs;
        return list == null ? 0 : list.size();
    }

    final void passFinished() {
        if (result instanceof Failure failure) {
            debugInfo().mark(failure, this);
        } else {
            clearUnhandled();
        }
    }

    final void clearUnhandled() {
        DebugInfo info = debugInfo;
        if (info != null) {
            info.clear();
        }
    }
}
