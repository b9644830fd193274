package dev.weft.internet.testing;

import dev.weft.internet.IDelayedCall;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.task.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A {@link MemoryReactor} that also keeps time (Twisted's {@code MemoryReactorClock}): the fake for code that both
 * connects and schedules. Time methods delegate to its own {@link Clock} and move only by {@link #advance(double)}.
 *
 * <p>Confined to the test thread, except {@link #callFromThread(Runnable)}.
 */
public class MemoryReactorClock extends MemoryReactor implements IReactorTime {
    private final Clock clock = new Clock();

    /** Creates a reactor that has recorded nothing, at time 0.0. */
    public MemoryReactorClock() {}

    @Override
    public double seconds() {
        return clock.seconds();
    }

    @Override
    public IDelayedCall callLater(double delaySeconds, Runnable call) {
        return clock.callLater(delaySeconds, call);
    }

    @Override
    public List<IDelayedCall> getDelayedCalls() {
        return clock.getDelayedCalls();
    }

    /**
     * Moves the time forward by {@code amount} seconds and runs the calls then due.
     * @throws IllegalArgumentException if {@code amount} is negative or not a number
     */
    public void advance(double amount) {
        clock.advance(amount);
    }

    /** Moves the time forward by {@code amount} (not negative) and runs the calls then due. */
    public void advance(Duration amount) {
        clock.advance(amount);
    }

    /**
     * Advances once per value, in order; throws {@link IllegalArgumentException} if one is negative or not a number.
     */
    public void pump(double... timings) {
        clock.pump(timings);
    }

    /** {@return the clock the time methods delegate to, e.g. to share with an {@link IOPump}} */
    public Clock clock() {
        return clock;
    }
}
