package dev.weft.internet;

import dev.weft.defer.Scheduler;
import java.time.Duration;
import java.util.List;

/**
 * Twisted's {@code IReactorTime}: time and scheduling, in seconds as {@code double}, with {@link Duration} overloads.
 * Confined to the reactor thread (or the test thread that drives a {@code Clock}).
 */
public interface IReactorTime extends Scheduler {
    /** {@return the current time in seconds}; only differences between two readings are meaningful. */
    double seconds();

    /**
     * Schedules {@code call} to run {@code delaySeconds} (not negative, not NaN) from now; a reactor logs what it
     * throws, {@code Clock.advance} rethrows it.
     */
    @Override
    IDelayedCall callLater(double delaySeconds, Runnable call);

    /** Schedules {@code call} to run after {@code delay}, which must not be negative. */
    default IDelayedCall callLater(Duration delay, Runnable call) {
        return callLater(delay.toNanos() / 1e9, call);
    }

    /** {@return a snapshot of the calls that have neither run nor been cancelled} */
    List<IDelayedCall> getDelayedCalls();
}
