package dev.weft.defer;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code DeferredList}: collects the results of several Deferreds into one.
 *
 * <p>By default it fires, and never fails, once every member has reported, with a {@code List<Result>} in input order.
 * {@code fireOnOneCallback} fires with a {@link FirstResult} on the first success; {@code fireOnOneErrback} fails with
 * a {@link FirstError} on the first failure. An empty list fires {@code []} at once (never, with {@code
 * fireOnOneCallback}). {@link #cancel()} cancels every unfired member. {@link #gatherResults} is the common case.
 * Confined to the reactor thread, like its members.
 */
public final class DeferredList<T> extends Deferred<List<DeferredList.Result<T>>> {
    private final List<Deferred<? extends T>> deferreds;
    private final List<@Nullable Result<T>> resultList;
    private final boolean fireOnOneCallback;
    private final boolean fireOnOneErrback;
    private int finishedCount;
    private final List<Deferred<?>> inProgress = new ArrayList<>(0);

    /** One member's outcome: its value, or its Failure if not {@code success}. Immutable. */
    public record Result<T>(boolean success, @Nullable Object result) {
        /** Returns the member's value; throws {@link IllegalStateException} if it failed. */
        @SuppressWarnings("unchecked")
        public @Nullable T value() {
            if (!success) {
                throw new IllegalStateException("the member failed with " + result + ": check success() first");
            }
            return (T) result;
        }

        /** Returns the member's Failure; throws {@link IllegalStateException} if it succeeded. */
        public Failure failure() {
            if (result instanceof Failure failure && !success) {
                return failure;
            }
            throw new IllegalStateException("the member succeeded with " + result + ": check success() first");
        }
    }

    /** The first success and its member's position, for {@code fireOnOneCallback}. Immutable. */
    public record FirstResult<T>(@Nullable T result, int index) {}

    /** Creates a list that fires with every member's {@link Result}, in order, once all have reported. */
    public DeferredList(List<? extends Deferred<? extends T>> deferreds) {
        this(deferreds, false, false, false);
    }

    /**
     * Creates a list with Twisted's three options.
     * @param fireOnOneCallback fire with a {@link FirstResult} on the first success: then this is not really a
     *     Deferred of a List and a callback typed for one fails; use {@link #firstSuccess} instead
     * @param fireOnOneErrback fail with a {@link FirstError} on the first failure
     * @param consumeErrors turn each member's Failure into {@code null} for the member's later pairs
     */
    public DeferredList(
            List<? extends Deferred<? extends T>> deferreds,
            boolean fireOnOneCallback,
            boolean fireOnOneErrback,
            boolean consumeErrors) {
        this.deferreds = new ArrayList<>(deferreds);
        this.resultList = new ArrayList<>(Collections.nCopies(this.deferreds.size(), null));
        this.fireOnOneCallback = fireOnOneCallback;
        this.fireOnOneErrback = fireOnOneErrback;
        if (this.deferreds.isEmpty() && !fireOnOneCallback) {
            callback(Collections.emptyList());
        }
        for (int i = 0; i < this.deferreds.size(); i++) {
            int index = i;
            this.deferreds
                    .get(i)
                    .addCallbacks(
                            value -> report(index, true, value),
                            failure ->
                                    consumeErrors ? reportAndConsume(index, failure) : report(index, false, failure));
        }
    }

    /**
     * Returns a Deferred of the first member to succeed and its position: a list with {@code fireOnOneCallback}, typed
     * for what it fires. With {@code fireOnOneErrback} the first failure fails it with a {@link FirstError}; otherwise,
     * once every member has failed (where Twisted's list fires with the list of results), it fails with a {@link
     * FirstError} for member 0, the others' errors suppressed in it. An empty list never fires.
     */
    public static <T> Deferred<FirstResult<T>> firstSuccess(
            List<? extends Deferred<? extends T>> deferreds, boolean fireOnOneErrback, boolean consumeErrors) {
        Deferred<?> list = new DeferredList<T>(deferreds, true, fireOnOneErrback, consumeErrors);
        return list.addCallback(outcome -> {
            if (outcome instanceof FirstResult<?> first) {
                @SuppressWarnings("unchecked")
                FirstResult<T> typed = (FirstResult<T>) first;
                return typed;
            }
            return allFailed((List<?>) outcome);
        });
    }

    private static <T> T allFailed(List<?> results) {
        FirstError error = new FirstError(((Result<?>) results.get(0)).failure(), 0);
        for (int i = 1; i < results.size(); i++) {
            error.addSuppressed(((Result<?>) results.get(i)).failure().value());
        }
        throw error;
    }

    /**
     * Returns a Deferred of the members' values, in order, or a {@link FirstError}: Twisted's {@code gatherResults}.
     */
    public static <T> Deferred<List<@Nullable T>> gatherResults(
            List<? extends Deferred<? extends T>> deferreds, boolean consumeErrors) {
        return new DeferredList<T>(deferreds, false, true, consumeErrors).addCallback(results -> {
            List<@Nullable T> values = new ArrayList<>(results.size());
            for (Result<T> r : results) {
                values.add(r.value());
            }
            return Collections.unmodifiableList(values);
        });
    }

    /** Returns what {@link #gatherResults(List, boolean)} does, without consuming member errors. */
    public static <T> Deferred<List<@Nullable T>> gatherResults(List<? extends Deferred<? extends T>> deferreds) {
        return gatherResults(deferreds, false);
    }

    private @Nullable Object reportAndConsume(int index, Failure failure) {
        report(index, false, failure);
        return null;
    }

    private @Nullable Object report(int index, boolean success, @Nullable Object result) {
        resultList.set(index, new Result<>(success, result));
        finishedCount++;
        if (!isCalled()) {
            if (success && fireOnOneCallback) {
                fireUnchecked(new FirstResult<>(result, index));
            } else if (!success && fireOnOneErrback) {
                errback(new FirstError((Failure) Objects.requireNonNull(result, "failure"), index));
            } else if (finishedCount == resultList.size()) {
                fireUnchecked(Collections.unmodifiableList(resultList));
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private void fireUnchecked(Object result) {
        ((Deferred<Object>) (Deferred<?>) this).callback(result);
    }

    /** Cancels every member, logging and skipping exceptions and members that cycle back here (see DEVIATIONS.md). */
    @Override
    void cancelUnfired() {
        for (Deferred<?> d : deferreds) {
            if (inProgress.contains(d) && forwardsToThis(d)) {
                DebugInfo.LOG.log(
                        Level.ERROR,
                        "Skipped cancelling " + d + ": it waits on " + this + ", which is already cancelling it",
                        new DeferredCycleError("cancel() cycle through " + this));
                continue;
            }
            inProgress.add(d);
            try {
                d.cancel();
            } catch (Throwable t) {
                ChainRunner.rethrowIfFatal(t);
                DebugInfo.LOG.log(Level.ERROR, "Exception raised from a member's cancel while cancelling " + this, t);
            } finally {
                inProgress.remove(inProgress.size() - 1);
            }
        }
    }

    /** Tells whether cancelling {@code d} would forward, through waiting Deferreds, to this unfired list. */
    private boolean forwardsToThis(Deferred<?> d) {
        Set<Deferred<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Deferred<?> at = d; seen.add(at); ) {
            if (at == this) {
                return !isCalled();
            }
            if (!at.called || !(at.result instanceof Deferred<?> next) || !at.forwardsCancel()) {
                return false;
            }
            at = next;
        }
        return false;
    }

    /** A fired DeferredList ignores cancel(), even while it waits on another Deferred. */
    @Override
    boolean forwardsCancel() {
        return false;
    }
}
