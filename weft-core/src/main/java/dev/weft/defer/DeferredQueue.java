package dev.weft.defer;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code defer.DeferredQueue}: passes items from producers to consumers that wait with Deferreds, first in,
 * first out; {@code null} is an ordinary item. Cancelling a waiting get fails it with {@link CancelledError}. Confined
 * to the reactor thread.
 */
public final class DeferredQueue<T> {
    /** Means "no limit" for the size or the backlog. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final Object NULL_ITEM = new Object();

    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private final ArrayDeque<Deferred<T>> waiting = new ArrayDeque<>();
    private final int size;
    private final int backlog;

    /** Creates a queue without limits. */
    public DeferredQueue() {
        this(UNBOUNDED, UNBOUNDED);
    }

    /**
     * Creates a queue keeping at most {@code size} items while nobody waits, with at most {@code backlog} waiting gets;
     * throws {@link IllegalArgumentException} if either is negative.
     */
    public DeferredQueue(int size, int backlog) {
        if (size < 0 || backlog < 0) {
            throw new IllegalArgumentException(
                    "DeferredQueue limits must be >= 0 (or UNBOUNDED), got size=" + size + ", backlog=" + backlog);
        }
        this.size = size;
        this.backlog = backlog;
    }

    /**
     * Fires the oldest waiting get with {@code item}, or keeps it.
     * @throws QueueOverflow if nobody waits and the queue already keeps {@code size} items
     * @throws IllegalArgumentException if {@code item} is a Deferred
     */
    public void put(@Nullable T item) {
        if (item instanceof Deferred) {
            throw new IllegalArgumentException("cannot put the Deferred " + item + " on " + this
                    + ": a Deferred cannot be another Deferred's result; put its result once it fires");
        }
        Deferred<T> waiter = waiting.pollFirst();
        if (waiter != null) {
            waiter.callback(item);
        } else if (pending.size() < size) {
            pending.addLast(item == null ? NULL_ITEM : item);
        } else {
            throw new QueueOverflow("put() on a full " + this + ": get() items first, or make the queue larger");
        }
    }

    /** Removes and returns the oldest item, as a Deferred; throws {@link QueueUnderflow} if the backlog is full. */
    @SuppressWarnings("unchecked")
    public Deferred<T> get() {
        Object item = pending.pollFirst();
        if (item != null) {
            return Deferred.succeed(item == NULL_ITEM ? null : (T) item);
        }
        if (waiting.size() >= backlog) {
            throw new QueueUnderflow(
                    "get() on an empty " + this + " with a full backlog: put() items first, or allow a larger backlog");
        }
        Deferred<T> d = new Deferred<>(waiting::remove);
        waiting.addLast(d);
        return d;
    }

    /** Returns how many items wait for a get. */
    public int pending() {
        return pending.size();
    }

    /** Returns how many gets wait for an item. */
    public int waiting() {
        return waiting.size();
    }

    /** Returns the most items the queue keeps while nobody waits, or {@link #UNBOUNDED}. */
    public int sizeLimit() {
        return size;
    }

    /** Returns the most gets that may wait at once, or {@link #UNBOUNDED}. */
    public int backlogLimit() {
        return backlog;
    }

    /** Describes the state, e.g. {@code DeferredQueue{2 pending, 0 waiting, size 2, backlog unbounded}}. */
    @Override
    public String toString() {
        return "DeferredQueue{" + pending.size() + " pending, " + waiting.size() + " waiting, size " + limit(size)
                + ", backlog " + limit(backlog) + "}";
    }

    private static String limit(int n) {
        return n == UNBOUNDED ? "unbounded" : Integer.toString(n);
    }
}
