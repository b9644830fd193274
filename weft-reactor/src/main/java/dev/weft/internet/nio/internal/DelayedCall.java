package dev.weft.internet.nio.internal;

import dev.weft.internet.AlreadyCalled;
import dev.weft.internet.AlreadyCancelled;
import dev.weft.internet.IDelayedCall;
import org.jspecify.annotations.Nullable;

/**
 * A call scheduled on a {@link TimerQueue}: Twisted's {@code DelayedCall}. It sits in the queue's heap until
 * it runs or is cancelled; {@link #reset} and {@link #delay} move it within the heap. It names the connection
 * whose callbacks scheduled it, if any ({@link TimerQueue#handle}), so that the log line of a call that throws
 * leads to that connection. Confined to the reactor thread.
 */
public final class DelayedCall implements IDelayedCall {
    private final TimerQueue queue;
    private final Runnable call;
    /** The connection (or port) whose callbacks were running when the call was scheduled, or null. */
    final @Nullable Object origin;

    double time;
    long sequence;
    int heapIndex = -1;
    private boolean called;
    private boolean cancelled;

    DelayedCall(TimerQueue queue, double time, long sequence, Runnable call, @Nullable Object origin) {
        this.queue = queue;
        this.time = time;
        this.sequence = sequence;
        this.call = call;
        this.origin = origin;
    }

    @Override
    public double getTime() {
        return time;
    }

    @Override
    public void cancel() {
        checkPending();
        cancelled = true;
        queue.remove(this);
    }

    @Override
    public void delay(double secondsLater) {
        checkPending();
        TimerQueue.checkDelay(secondsLater, false);
        queue.reschedule(this, time + secondsLater);
    }

    @Override
    public void reset(double secondsFromNow) {
        checkPending();
        TimerQueue.checkDelay(secondsFromNow, true);
        queue.reschedule(this, queue.now() + secondsFromNow);
    }

    @Override
    public boolean active() {
        return !called && !cancelled;
    }

    /** Marks the call as run (before it runs, as Twisted does) and runs it. */
    void fire() {
        called = true;
        call.run();
    }

    private void checkPending() {
        if (called) {
            throw new AlreadyCalled("this call has already run: " + this);
        }
        if (cancelled) {
            throw new AlreadyCancelled("this call has already been cancelled: " + this);
        }
    }

    /**
     * Describes the call for error messages and logs, e.g. {@code DelayedCall[called at 2.5s: a lambda in
     * com.example.Echo, scheduled while handling <Echo #3 on 8080>]}: a lambda or method reference is named by the
     * class it is written in, any other {@code Runnable} by its {@code toString()}.
     */
    @Override
    public String toString() {
        String state = called ? "called" : cancelled ? "cancelled" : "pending";
        String name = call.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return "DelayedCall[" + state + " at " + time + "s: "
                + (lambda < 0 ? String.valueOf(call) : "a lambda in " + name.substring(0, lambda))
                + (origin == null ? "" : ", scheduled while handling " + origin) + "]";
    }
}
