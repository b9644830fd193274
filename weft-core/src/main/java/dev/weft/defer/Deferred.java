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
 * Holds a result that is not there yet, and the chain of handlers that will process it: Twisted's
 * {@code Deferred}, with its semantics exactly.
 *
 * <h2>The chain</h2>
 *
 * A Deferred keeps one ordered list of (callback, errback) pairs. {@link #callback} or {@link
 * #errback} fires it, once; the pairs then run in order, synchronously, on the caller's stack. Each
 * pair runs its callback if the current result is a plain value and its errback if it is a {@link
 * Failure}; whatever the handler returns becomes the current result (a returned Failure switches to
 * the error path, a value returned from an errback recovers), and whatever it throws becomes a Failure
 * wrapping the thrown object. {@code null} is an ordinary value. Pairs added after the Deferred fired
 * run at once, inside the {@code add…} call.
 *
 * <h2>One object, changing type</h2>
 *
 * Every {@code add…} method returns this same Deferred, cast to the type the next handler will
 * receive: use the returned reference, never an older one ({@code Deferred<String> d = source.
 * addCallback(bytes -> decode(bytes));}). A handler added through a stale reference is typed for an
 * older result: its parameter's cast fails with a {@link ClassCastException}, which becomes the
 * chain's Failure. The runtime checks every handler's result for {@code instanceof Failure} and
 * {@code instanceof Deferred} whatever its static type.
 *
 * <h2>Chaining</h2>
 *
 * When a handler returns another Deferred X, this Deferred takes X's result if X already has one
 * (and is neither paused nor waiting itself); otherwise it pauses and waits: X's pairs run first, then
 * X hands its result over (X is left holding {@code null}) and this chain resumes. Long chains of
 * Deferreds waiting on each other resolve without growing the Java stack.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #cancel()} asks the producer to stop: see its documentation for the canceller, the
 * one-shot suppression of a later fire, and forwarding to the awaited Deferred.
 *
 * <h2>Unhandled errors</h2>
 *
 * A Deferred whose chain ended on a Failure that nobody handled is logged ("Unhandled error in
 * Deferred:") through {@link System.Logger} when it is garbage-collected; {@link #unhandledFailure()}
 * shows that Failure deterministically. Add a final errback to handle or log errors yourself.
 *
 * <h2>Threads</h2>
 *
 * A Deferred is confined to one thread (the reactor thread): create it, fire it, add to it and cancel
 * it there. Nothing in it blocks or synchronizes; handlers run on the thread that fires.
 *
 * @param <T> the type of the result the next handler receives
 */
public class Deferred<T> {
    private static volatile boolean debugging;

    boolean called;
    int paused;

    @Nullable
    Object result;

    boolean running;
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

    /**
     * Creates an unfired Deferred with a canceller. Confined to the calling thread from now on.
     *
     * @param canceller called with this Deferred by {@link #cancel()} while it is unfired, to stop the
     *     work that would fire it; it may fire the Deferred itself. Null for none.
     */
    public Deferred(@Nullable Consumer<? super Deferred<T>> canceller) {
        this.canceller = canceller;
        if (debugging) {
            DebugInfo info = new DebugInfo();
            info.recordCreator();
            debugInfo = info;
        }
    }

    /**
     * Returns a Deferred that has already fired with {@code result}, as {@code new Deferred<>()}
     * followed by {@code callback(result)}.
     *
     * @param result the result; a {@link Failure} makes it a failed Deferred
     * @param <T> the result type
     * @return a fired Deferred
     * @throws IllegalArgumentException if {@code result} is a Deferred
     */
    public static <T> Deferred<T> succeed(@Nullable T result) {
        Deferred<T> d = new Deferred<>();
        d.callback(result);
        return d;
    }

    /**
     * Returns a Deferred that has already failed with {@code error}, wrapped in a new Failure.
     *
     * @param error the exception
     * @param <T> the result type
     * @return a failed Deferred
     */
    public static <T> Deferred<T> fail(Throwable error) {
        return fail(new Failure(error));
    }

    /**
     * Returns a Deferred that has already failed with {@code failure}.
     *
     * @param failure the failure, used as it is
     * @param <T> the result type
     * @return a failed Deferred
     */
    public static <T> Deferred<T> fail(Failure failure) {
        Deferred<T> d = new Deferred<>();
        d.errback(failure);
        return d;
    }

    /**
     * Calls {@code f} now and returns its outcome as a Deferred: the very Deferred {@code f} returns,
     * a failed Deferred if it throws or returns a {@link Failure}, otherwise a Deferred that has fired
     * with its value. Twisted's {@code maybeDeferred}.
     *
     * @param f the function; anything it throws except a {@link VirtualMachineError} is caught
     * @param <T> the result type
     * @return a Deferred with f's outcome
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> maybeDeferred(Callable<?> f) {
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
     * Returns a Deferred that fires with {@code stage}'s outcome, on {@code executor}: Twisted's
     * {@code fromFuture}.
     *
     * <p>The result always arrives through {@code executor}, also when the stage has already
     * completed, so the Deferred's handlers run there and never on the thread that completed the
     * stage; pass an executor that runs tasks on the thread this Deferred is confined to (the
     * reactor's). A value fires the Deferred; an exception fails it with the exception the producer
     * threw: {@link java.util.concurrent.CompletionException} and {@link
     * java.util.concurrent.ExecutionException} wrappers are removed first, so {@link Failure#trap}
     * and identity work, and a {@link java.util.concurrent.CancellationException} becomes a {@link
     * CancelledError}.
     *
     * <p>{@link #cancel()} cancels the future ({@code stage.toCompletableFuture().cancel(false)}) and,
     * as in Twisted, the Deferred then waits until the future reports: a {@link CancelledError} if the
     * cancel took, the future's own outcome if it had already completed. A stage that cannot be
     * cancelled (its {@code toCompletableFuture()} throws or returns a copy) is simply waited for. A
     * second cancel stops waiting and fails the Deferred with {@link CancelledError} at once.
     *
     * @param stage the stage to adapt; its outcome is read once
     * @param executor runs the delivery of the outcome; if it rejects the task, the Deferred never
     *     fires and the rejection is logged
     * @param <T> the result type
     * @return a new Deferred, unfired
     */
    public static <T> Deferred<T> fromFuture(CompletionStage<? extends T> stage, Executor executor) {
        return FutureAdapters.fromStage(
                Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Turns debug mode on or off for the whole JVM, at any time. Deferreds created while it is on
     * record the stack that created them, and any Deferred fired while it is on records the stack of
     * its first fire; both appear in {@link AlreadyCalledError} messages and in the unhandled-error
     * log. Off by default, because it costs a stack capture per Deferred. Thread-safe.
     *
     * @param on whether to record stacks
     */
    public static void setDebugging(boolean on) {
        debugging = on;
    }

    /**
     * Tells whether debug mode is on. Thread-safe.
     *
     * @return whether Deferreds record their creation and first-fire stacks
     */
    public static boolean getDebugging() {
        return debugging;
    }

    /**
     * Fires this Deferred with a result and runs the chain, synchronously, before returning.
     *
     * <p>A {@link Failure} given here fires the error path exactly as {@link #errback(Failure)} would.
     * After a {@link #cancel()} with no canceller, the first fire is silently ignored (the producer
     * may not know about cancellation), and only a later one throws.
     *
     * @param result the result
     * @throws AlreadyCalledError if this Deferred has already fired; nothing changes
     * @throws IllegalArgumentException if {@code result} is a Deferred (chain it from a handler, or use
     *     {@link #chainDeferred}, instead)
     */
    public final void callback(@Nullable T result) {
        if (result instanceof Deferred) {
            throw deferredAsResult(result);
        }
        fire(result);
    }

    /**
     * Fires this Deferred with an error, wrapped in a new {@link Failure}, and runs the chain.
     *
     * @param error the exception
     * @throws AlreadyCalledError if this Deferred has already fired; nothing changes
     */
    public final void errback(Throwable error) {
        fire(new Failure(error));
    }

    /**
     * Fires this Deferred with a failure, used as it is, and runs the chain.
     *
     * @param failure the failure
     * @throws AlreadyCalledError if this Deferred has already fired; nothing changes
     */
    public final void errback(Failure failure) {
        fire(Objects.requireNonNull(failure, "failure"));
    }

    /**
     * Adds a handler for the success path; a Failure passes by it unchanged.
     *
     * @param callback receives the current value; returns the next result (a value, a Failure, or a
     *     Deferred to wait on)
     * @param <R> the type the next handler receives
     * @return this Deferred, typed for the next stage; use it instead of older references
     */
    public final <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
        return addCallbacks0(Objects.requireNonNull(callback, "callback"), null);
    }

    /**
     * Adds a handler for the success path that returns a Deferred; this chain waits for it and goes
     * on with its result. The same as {@link #addCallback}, with a type that says so.
     *
     * @param callback receives the current value; returns the Deferred to wait on
     * @param <R> the type of that Deferred's result
     * @return this Deferred, typed for the next stage
     */
    public final <R> Deferred<R> addCallbackDeferring(Callback<? super T, ? extends Deferred<? extends R>> callback) {
        return addCallbacks0(Objects.requireNonNull(callback, "callback"), null);
    }

    /**
     * Adds a handler for the error path; a plain value passes by it unchanged. Returning a value
     * recovers, returning the Failure (or throwing, e.g. through {@link Failure#trap}) keeps the error.
     *
     * @param errback receives the current Failure; returns the next result
     * @return this Deferred
     */
    public final Deferred<T> addErrback(Callback<? super Failure, ?> errback) {
        return addCallbacks0(null, Objects.requireNonNull(errback, "errback"));
    }

    /**
     * Adds one handler for both paths: it receives the current result, a value or a {@link Failure}.
     *
     * @param handler receives the current result; returns the next one
     * @param <R> the type the next handler receives
     * @return this Deferred, typed for the next stage
     */
    public final <R> Deferred<R> addBoth(Callback<Object, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        return addCallbacks0(handler, handler);
    }

    /**
     * Adds a pair of handlers: exactly one of them runs, chosen by the current result.
     *
     * @param callback receives the current value
     * @param errback receives the current Failure
     * @param <R> the type the next handler receives
     * @return this Deferred, typed for the next stage
     */
    public final <R> Deferred<R> addCallbacks(
            Callback<? super T, ? extends R> callback, Callback<? super Failure, ? extends R> errback) {
        return addCallbacks0(Objects.requireNonNull(callback, "callback"), Objects.requireNonNull(errback, "errback"));
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> addCallbacks0(@Nullable Callback<?, ?> callback, @Nullable Callback<?, ?> errback) {
        addPair(Pair.handlers(callback, errback));
        return (Deferred<R>) this;
    }

    /**
     * Makes {@code other} fire with this Deferred's result when the chain reaches this point:
     * shorthand for {@code addCallbacks(other::callback, other::errback)}. This chain goes on with
     * {@code null}; if {@code other} has already fired, with an {@link AlreadyCalledError} Failure.
     *
     * <p>Twisted fires {@code other} with a nested call, so about a thousand Deferreds chained this way
     * overflow Python's stack; weft runs the nested pass on the chain's own stack, with the same order
     * and outcome, so a chain of any length works.
     *
     * @param other the Deferred to fire
     * @return this Deferred, whose later handlers receive {@code null}
     */
    @SuppressWarnings("unchecked")
    public final Deferred<@Nullable Void> chainDeferred(Deferred<? super T> other) {
        addPair(Pair.chain(Objects.requireNonNull(other, "other")));
        return (Deferred<@Nullable Void>) this;
    }

    /**
     * Stops handlers from running until the matching {@link #unpause()}, even for pairs added after
     * the Deferred fired. Pauses nest.
     */
    public final void pause() {
        paused++;
    }

    /**
     * Undoes one {@link #pause()}; when none is left and the Deferred has fired, runs the pending
     * pairs now.
     *
     * <p>An unpause with no pause of the caller's to undo is refused, where Twisted corrupts the chain
     * (DEVIATIONS.md).
     *
     * @throws IllegalStateException if there is no pause of the caller's to undo
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
     * Asks for this Deferred's result to be abandoned. What happens depends on the state:
     *
     * <ul>
     *   <li>Unfired, with a canceller: the canceller runs with this Deferred. If it fired the
     *       Deferred, that result stands; otherwise the Deferred fails with {@link CancelledError}. An
     *       exception from the canceller propagates out of this method and leaves the Deferred
     *       unfired.
     *   <li>Unfired, without a canceller: the Deferred fails with {@link CancelledError}, and the next
     *       {@link #callback}/{@link #errback} (the producer's, which knows nothing of cancellation) is
     *       silently ignored once.
     *   <li>Waiting on another Deferred (a handler returned it): that Deferred is cancelled instead,
     *       and its outcome arrives here as usual.
     *   <li>Fired and not waiting: nothing happens.
     * </ul>
     *
     * Cancelling is only a request: the outcome may well be a result rather than a {@link
     * CancelledError}.
     *
     * <p>Twisted forwards to the awaited Deferred recursively, and overflows Python's stack on a cycle
     * of Deferreds waiting on each other; weft follows the waiting chain in a loop and throws {@link
     * DeferredCycleError} on a cycle, changing nothing.
     *
     * @throws DeferredCycleError if the Deferreds this one waits on, transitively, wait on each other
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

    /**
     * Tells whether {@link #cancel()} on this fired, waiting Deferred goes on to the awaited one.
     *
     * @return true; DeferredList says false (Twisted's DeferredList ignores cancel once fired)
     */
    boolean forwardsCancel() {
        return true;
    }

    /** Cancels this unfired Deferred: the canceller, or suppression, then CancelledError. */
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

    /**
     * Fails this Deferred with a {@link TimeoutError} if it has not got through the pairs added so far
     * within {@code seconds}: schedules {@link #cancel()} on {@code clock}, then adds two pairs, one
     * that turns the resulting {@link CancelledError} into a {@link TimeoutError} and one that
     * disarms the timer. The timeout therefore covers the pairs added before this call and none
     * after; a Deferred that has fired but is paused or waiting when the timer runs still times out.
     *
     * @param seconds the timeout
     * @param clock the clock that runs the timer
     * @return this Deferred
     */
    public final Deferred<T> addTimeout(double seconds, Scheduler clock) {
        Timeouts.add(this, seconds, clock, null);
        return this;
    }

    /**
     * Fails this Deferred with a {@link TimeoutError} if it has not got through the pairs added so far
     * within {@code timeout}, as {@link #addTimeout(double, Scheduler)} does.
     *
     * @param timeout the timeout
     * @param clock the clock that runs the timer
     * @return this Deferred
     */
    public final Deferred<T> addTimeout(Duration timeout, Scheduler clock) {
        return addTimeout(timeout.toNanos() / 1e9, clock);
    }

    /**
     * Cancels this Deferred after {@code seconds}, as {@link #addTimeout(double, Scheduler)} does,
     * but lets {@code onTimeoutCancel} decide the result when the timer fired: it receives the result
     * the chain has at that point (usually a {@link CancelledError} Failure) and the timeout, and
     * returns the next result (or throws). It is not called if the Deferred was cancelled otherwise.
     *
     * @param seconds the timeout
     * @param clock the clock that runs the timer
     * @param onTimeoutCancel the translation applied after a timeout
     * @return this Deferred
     */
    public final Deferred<T> addTimeout(
            double seconds, Scheduler clock, BiFunction<@Nullable Object, Double, @Nullable Object> onTimeoutCancel) {
        Timeouts.add(this, seconds, clock, Objects.requireNonNull(onTimeoutCancel, "onTimeoutCancel"));
        return this;
    }

    /**
     * Tells whether this Deferred has fired. It stays true for good, also while the Deferred waits on
     * another and after its result has been handed on.
     *
     * @return whether {@link #callback} or {@link #errback} has run
     */
    public final boolean isCalled() {
        return called;
    }

    /**
     * Returns how many pauses hold this Deferred: the caller's {@link #pause()}s plus one while it
     * waits on another Deferred (Twisted's {@code paused}).
     *
     * @return the pause count; 0 when handlers may run
     */
    public final int pauseCount() {
        return paused;
    }

    /**
     * Returns the result the chain carries now, without running anything (Twisted's {@code result}
     * attribute), for tests and diagnostics: a value, a {@link Failure}, the Deferred this one waits
     * on, or {@code null} (also after the result was handed on to a Deferred waiting on this one).
     *
     * @return the current result
     * @throws IllegalStateException if this Deferred has not fired
     */
    public final @Nullable Object currentResult() {
        if (!called) {
            throw new IllegalStateException(this + " has not fired: check isCalled() first");
        }
        return result;
    }

    /**
     * Returns the Failure that would be logged as unhandled if this Deferred were garbage-collected
     * now: the Failure the last complete pass over the chain ended on. A pass cut short by a pause
     * does not change it, waiting on another Deferred clears it, and handing the result on to a
     * waiting Deferred clears it.
     *
     * @return the unhandled Failure, or null
     */
    public final @Nullable Failure unhandledFailure() {
        DebugInfo info = debugInfo;
        return info == null ? null : info.failResult();
    }

    /**
     * Returns a future that completes with this Deferred's result when the chain reaches this point:
     * Twisted's {@code asFuture}. Appends one pair; a value completes the future, a {@link Failure}
     * completes it exceptionally with the original exception ({@link Failure#value()}).
     *
     * <p>Like Twisted, the pair <em>consumes</em> the result: the chain goes on with {@code null}
     * afterwards, so the future is where the outcome goes and an error is not also reported as an
     * unhandled error of this Deferred. Add handlers before calling this if the chain needs the result.
     *
     * <p>The future completes on the thread that fires this Deferred, so stages added to it without
     * {@code …Async} may run there (or on a thread waiting in {@code get()}, as CompletableFuture
     * decides); keep them short or use the {@code …Async} variants. {@link CompletableFuture#cancel(boolean) Cancelling} the future cancels
     * this Deferred; do that on this Deferred's thread (from another thread, hand it over with the
     * reactor's {@code callFromThread}). Whatever the Deferred then fires with is ignored by the
     * cancelled future. A {@link CancelledError} of the Deferred reaches the future as that exception,
     * not as a cancellation of the future.
     *
     * @return a new future for this Deferred's result
     */
    public CompletableFuture<T> toCompletableFuture() {
        return FutureAdapters.toFuture(this);
    }

    /**
     * Describes this Deferred and its state, as Twisted's repr does.
     *
     * @return e.g. {@code Deferred@1b6d3586{current result: 42}}
     */
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

    /** Fires with {@code r} (callback or errback) and runs the chain. */
    private void fire(@Nullable Object r) {
        if (beginFire(r)) {
            ChainRunner.run(this);
        }
    }

    /**
     * Stores the first result, without running the chain.
     *
     * @return false if this fire was the one a cancel without canceller suppresses
     * @throws AlreadyCalledError if this Deferred has already fired
     */
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

    /** Appends a pair and, if the Deferred has fired, runs the chain (Twisted's addCallbacks). */
    final void addPair(Pair pair) {
        appendPair(pair);
        if (called) {
            ChainRunner.run(this);
        }
    }

    /** Appends a pair without running anything. */
    final void appendPair(Pair pair) {
        ArrayDeque<Pair> list = pairs;
        if (list == null) {
            list = new ArrayDeque<>(4);
            pairs = list;
        }
        list.addLast(pair);
        pairsAdded++;
    }

    /**
     * Returns the 1-based position in this Deferred's chain of the pair polled last (for error
     * messages).
     *
     * @return the stage number
     */
    final int lastPolledStage() {
        return pairsAdded - pendingPairCount();
    }

    final @Nullable Pair pollPair() {
        ArrayDeque<Pair> list = pairs;
        return list == null ? null : list.pollFirst();
    }

    /**
     * Returns the number of pairs not yet run, including a continuation left by a Deferred waiting on
     * this one (Twisted's {@code len(callbacks)}; white-box, for the differential harness).
     *
     * @return the number of pending pairs
     */
    final int pendingPairCount() {
        ArrayDeque<Pair> list = pairs;
        return list == null ? 0 : list.size();
    }

    /** Updates the unhandled marker at the end of a pass that was not cut short by a pause. */
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
