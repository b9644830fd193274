package dev.weft.internet.nio.internal;

import dev.weft.internet.IDelayedCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The reactor's pending delayed calls in a binary min-heap ordered by time, then by scheduling order, so that
 * cancel, reset and delay cost O(log n). {@link #runDue()} runs only the calls already scheduled when it
 * started: a {@code callLater(0, ...)} from a call runs on the next turn, so a callback that reschedules
 * itself cannot starve I/O (as in Twisted's reactor, unlike its {@code Clock}). Each call records the
 * connection (or port) whose callbacks scheduled it, which the loop notes with {@link #handle}, and a call
 * scheduled by a delayed call inherits its origin; a call that throws is logged with it. Confined to the
 * reactor thread.
 */
public final class TimerQueue {
    private final DoubleSupplier clock;
    private DelayedCall[] heap = new DelayedCall[16];
    private int size;
    private long nextSequence;
    /** Whose callbacks run now: recorded by each call scheduled meanwhile. */
    private @Nullable Object handling;

    /** Creates an empty queue reading the time, in seconds, from {@code clock}. */
    public TimerQueue(DoubleSupplier clock) {
        this.clock = clock;
    }

    static void checkDelay(double seconds, boolean nonNegative) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || (nonNegative && seconds < 0)) {
            throw new IllegalArgumentException(
                    "delay must be a finite number of seconds" + (nonNegative ? " >= 0" : "") + ", not " + seconds);
        }
    }

    double now() {
        return clock.getAsDouble();
    }

    /**
     * Schedules {@code call} to run {@code delaySeconds} (at least 0) from now.
     * @throws IllegalArgumentException if the delay is negative, infinite or NaN
     */
    public DelayedCall schedule(double delaySeconds, Runnable call) {
        checkDelay(delaySeconds, true);
        DelayedCall delayed = new DelayedCall(this, now() + delaySeconds, nextSequence++, call, handling);
        add(delayed);
        return delayed;
    }

    /**
     * Notes that the callbacks of {@code source} (a connection, a port; null: none) run from now on, so that a call
     * scheduled meanwhile names it when it throws; returns whose callbacks ran until now, to restore after.
     */
    public @Nullable Object handle(@Nullable Object source) {
        Object outer = handling;
        handling = source;
        return outer;
    }

    /** Runs every call due now that was scheduled before this method started; logs what they throw. */
    public int runDue() {
        long limit = nextSequence;
        double now = now();
        int ran = 0;
        while (size > 0) {
            DelayedCall first = heap[0];
            if (first.time > now || first.sequence >= limit) {
                if (first.time <= now) {
                    // Scheduled (or moved) by a call of this round: it must wait for the next turn. Others
                    // due now and older may sit behind it in heap order, so look for them.
                    @Nullable DelayedCall older = findDueOlder(now, limit);
                    if (older == null) {
                        break;
                    }
                    first = older;
                } else {
                    break;
                }
            }
            remove(first);
            ran++;
            Object outer = handle(first.origin);
            try {
                first.fire();
            } catch (Throwable t) {
                Faults.callbackFailed("a delayed call " + first, t);
            } finally {
                handling = outer;
            }
        }
        return ran;
    }

    private @Nullable DelayedCall findDueOlder(double now, long limit) {
        @Nullable DelayedCall found = null;
        for (int i = 0; i < size; i++) {
            DelayedCall c = heap[i];
            if (c.time <= now && c.sequence < limit && (found == null || before(c, found))) {
                found = c;
            }
        }
        return found;
    }

    /**
     * Returns the seconds until the next call is due: 0 if now, {@link Double#POSITIVE_INFINITY} if none is
     * pending.
     */
    public double secondsUntilNext() {
        if (size == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(0, heap[0].time - now());
    }

    /** Returns a snapshot of the pending calls, in no particular order. */
    public List<IDelayedCall> pending() {
        return new ArrayList<>(Arrays.asList(heap).subList(0, size));
    }

    /** Tells how many calls have neither run nor been cancelled. */
    public int size() {
        return size;
    }

    /** Drops every pending call without running it (used once the reactor has stopped). */
    public void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    void reschedule(DelayedCall call, double newTime) {
        remove(call);
        call.time = newTime;
        call.sequence = nextSequence++;
        add(call);
    }

    private void add(DelayedCall call) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = call;
        call.heapIndex = size;
        size++;
        siftUp(call.heapIndex);
    }

    void remove(DelayedCall call) {
        int i = call.heapIndex;
        if (i < 0) {
            return;
        }
        call.heapIndex = -1;
        size--;
        DelayedCall last = heap[size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    private static boolean before(DelayedCall a, DelayedCall b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }

    private void siftUp(int i) {
        DelayedCall moving = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(moving, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            heap[i].heapIndex = i;
            i = parent;
        }
        heap[i] = moving;
        moving.heapIndex = i;
    }

    private void siftDown(int i) {
        DelayedCall moving = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], moving)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = moving;
        moving.heapIndex = i;
    }
}
