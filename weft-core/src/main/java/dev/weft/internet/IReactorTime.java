package dev.weft.internet;

import dev.weft.defer.Scheduler;
import java.time.Duration;
import java.util.List;

/**
 * Time and scheduling: Twisted's {@code IReactorTime}. Implemented by the real reactor and by {@code
 * dev.weft.internet.task.Clock} for tests.
 *
 * <p>Times are seconds as {@code double}, as in Twisted; {@link Duration} overloads are offered for
 * Java callers. Confined to the reactor thread (or the test thread that drives a {@code Clock}).
 */
public interface IReactorTime extends Scheduler {
    /**
     * Returns the current time of this clock in seconds.
     *
     * @return the current time; only differences between two readings are meaningful
     */
    double seconds();

    /**
     * Schedules {@code call} to run {@code delaySeconds} from now.
     *
     * @param delaySeconds how long to wait, in seconds; must not be negative
     * @param call what to run; on a reactor an exception it throws is logged and the loop goes on, while
     *     {@code Clock.advance} lets it escape to the test (as Twisted's task.Clock does)
     * @return a handle to cancel, delay or reset the call
     * @throws IllegalArgumentException if {@code delaySeconds} is negative or not a number
     */
    @Override
    IDelayedCall callLater(double delaySeconds, Runnable call);

    /**
     * Schedules {@code call} to run after {@code delay}.
     *
     * @param delay how long to wait; must not be negative
     * @param call what to run
     * @return a handle to cancel, delay or reset the call
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    default IDelayedCall callLater(Duration delay, Runnable call) {
        return callLater(delay.toNanos() / 1e9, call);
    }

    /**
     * Returns the calls that are scheduled and have neither run nor been cancelled.
     *
     * @return a snapshot of the pending calls, in no particular order
     */
    List<IDelayedCall> getDelayedCalls();
}
