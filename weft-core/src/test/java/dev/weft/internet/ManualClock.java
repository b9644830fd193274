package dev.weft.internet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A small deterministic {@link IReactorTime} for this module's tests (the real test clock, {@code
 * dev.weft.internet.task.Clock}, is written on another branch): time moves only by {@link
 * #advance(double)}, which runs every call due by the new time, earliest first and equal times in
 * scheduling order, including calls scheduled while advancing.
 */
public final class ManualClock implements IReactorTime {
    private final List<Call> calls = new ArrayList<>();
    private double now;
    private long sequence;

    @Override
    public double seconds() {
        return now;
    }

    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        if (!(delaySeconds >= 0)) {
            throw new IllegalArgumentException("delay must be >= 0, not " + delaySeconds);
        }
        Call c = new Call(now + delaySeconds, sequence++, call);
        calls.add(c);
        return c;
    }

    @Override
    public List<IDelayedCall> getDelayedCalls() {
        return List.copyOf(calls);
    }

    /** Moves time forward by {@code seconds} and runs what is due. */
    public void advance(double seconds) {
        now += seconds;
        while (true) {
            Call next = calls.stream()
                    .filter(c -> c.time <= now)
                    .min(Comparator.comparingDouble((Call c) -> c.time).thenComparingLong(c -> c.order))
                    .orElse(null);
            if (next == null) {
                return;
            }
            calls.remove(next);
            next.called = true;
            next.action.run();
        }
    }

    private final class Call implements IDelayedCall {
        private double time;
        private long order;
        private final Runnable action;
        private boolean called;
        private boolean cancelled;

        Call(double time, long order, Runnable action) {
            this.time = time;
            this.order = order;
            this.action = action;
        }

        @Override
        public double getTime() {
            return time;
        }

        @Override
        public void cancel() {
            check();
            cancelled = true;
            calls.remove(this);
        }

        @Override
        public void delay(double secondsLater) {
            check();
            time += secondsLater;
        }

        @Override
        public void reset(double secondsFromNow) {
            check();
            time = now + secondsFromNow;
            order = sequence++;
        }

        @Override
        public boolean active() {
            return !called && !cancelled;
        }

        private void check() {
            if (called) {
                throw new AlreadyCalled("call already ran");
            }
            if (cancelled) {
                throw new AlreadyCancelled("call already cancelled");
            }
        }
    }
}
