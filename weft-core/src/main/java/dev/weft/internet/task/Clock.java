package dev.weft.internet.task;

import dev.weft.internet.AlreadyCalled;
import dev.weft.internet.AlreadyCancelled;
import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code task.Clock}: time that moves only when a test says so.
 *
 * <p>{@link #seconds()} starts at 0.0. {@link #advance(double)} moves the time forward, then runs every call due by the
 * new time, earliest first, including calls scheduled meanwhile that are already due. An exception thrown by a call
 * escapes {@code advance}; the other due calls stay pending. Not thread-safe: confine a Clock, and the calls it runs,
 * to the test thread.
 */
public final class Clock implements IReactorTime {
    private double now;
    private final List<Call> calls = new ArrayList<>();

    /** Creates a clock at time 0.0 with no pending calls. */
    public Clock() {}

    /** {@return the current time of this clock}, 0.0 at creation. */
    @Override
    public double seconds() {
        return now;
    }

    /**
     * Schedules {@code call} at {@code seconds() + delaySeconds}; what it throws escapes {@link #advance(double)}.
     * @throws IllegalArgumentException if {@code delaySeconds} is negative or not a number (see DEVIATIONS.md)
     */
    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        Objects.requireNonNull(call, "call");
        requireNonNegative("delaySeconds", delaySeconds);
        Call c = new Call(now + delaySeconds, call);
        calls.add(c);
        sortCalls();
        return c;
    }

    /** {@return a snapshot of the pending calls, earliest first} */
    @Override
    public List<IDelayedCall> getDelayedCalls() {
        return List.copyOf(calls);
    }

    /**
     * Moves the time forward by {@code amount} seconds, then runs every call due by the new time.
     * @throws IllegalArgumentException if {@code amount} is negative or not a number
     */
    public void advance(double amount) {
        requireNonNegative("amount", amount);
        now += amount;
        sortCalls();
        while (!calls.isEmpty() && calls.get(0).getTime() <= now) {
            Call c = calls.remove(0);
            c.called = true;
            Runnable f = c.function;
            c.function = null;
            if (f != null) {
                f.run();
            }
            sortCalls();
        }
    }

    /** Moves the time forward by {@code amount} (not negative), as {@link #advance(double)} does. */
    public void advance(Duration amount) {
        advance(amount.toNanos() / 1e9);
    }

    /** Calls {@link #advance(double)} once per value, in order. */
    public void pump(double... timings) {
        for (double amount : timings) {
            advance(amount);
        }
    }

    private void sortCalls() {
        calls.sort(Comparator.comparingDouble(Call::getTime));
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be a non-negative number of seconds, got " + value);
        }
    }

    /** A pending call of this clock: Twisted's {@code DelayedCall}. */
    private final class Call implements IDelayedCall {
        private double time;
        private double delayedTime;
        private @Nullable Runnable function;
        private boolean called;
        private boolean cancelled;

        Call(double time, Runnable function) {
            this.time = time;
            this.function = function;
        }

        @Override
        public double getTime() {
            return time + delayedTime;
        }

        @Override
        public void cancel() {
            requirePending("cancel");
            calls.remove(this);
            cancelled = true;
            function = null;
        }

        @Override
        public void delay(double secondsLater) {
            requirePending("delay");
            delayedTime += secondsLater;
            if (delayedTime < 0) {
                time += delayedTime;
                delayedTime = 0;
            }
        }

        @Override
        public void reset(double secondsFromNow) {
            requirePending("reset");
            double newTime = now + secondsFromNow;
            if (newTime < time) {
                delayedTime = 0;
                time = newTime;
            } else {
                delayedTime = newTime - time;
            }
        }

        @Override
        public boolean active() {
            return !(called || cancelled);
        }

        private void requirePending(String what) {
            if (cancelled) {
                throw new AlreadyCancelled(what + "() on " + this + ", which has been cancelled");
            }
            if (called) {
                throw new AlreadyCalled(what + "() on " + this + ", which has already run");
            }
        }

        @Override
        public String toString() {
            String state = called ? "called" : cancelled ? "cancelled" : "pending";
            return "DelayedCall{time=" + getTime() + ", " + state + "}";
        }
    }
}
