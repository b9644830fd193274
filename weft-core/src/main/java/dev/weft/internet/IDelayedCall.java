package dev.weft.internet;

import dev.weft.defer.ScheduledCall;

/**
 * A call scheduled by {@link IReactorTime#callLater}: Twisted's {@code IDelayedCall}.
 *
 * <p>Confined to the thread of the reactor or clock that made it.
 */
public interface IDelayedCall extends ScheduledCall {
    /** {@return the time, in the clock's seconds, at which the call will run} */
    double getTime();

    /**
     * Cancels the call so that it never runs.
     * @throws AlreadyCalled if the call has already run
     * @throws AlreadyCancelled if the call has already been cancelled
     */
    @Override
    void cancel();

    /**
     * Moves the call later by the given number of seconds.
     * @param secondsLater how much later the call runs; may be negative to run it sooner
     * @throws AlreadyCalled if the call has already run
     * @throws AlreadyCancelled if the call has already been cancelled
     */
    void delay(double secondsLater);

    /**
     * Reschedules the call to run the given number of seconds from now.
     * @param secondsFromNow when the call runs, counted from the clock's current time
     * @throws AlreadyCalled if the call has already run
     * @throws AlreadyCancelled if the call has already been cancelled
     */
    void reset(double secondsFromNow);

    /** {@return whether the call has neither run nor been cancelled} */
    @Override
    boolean active();
}
