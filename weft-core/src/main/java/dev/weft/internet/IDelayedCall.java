package dev.weft.internet;

import dev.weft.defer.ScheduledCall;

/**
 * Twisted's {@code IDelayedCall}: a call scheduled by {@link IReactorTime#callLater}. Its methods throw {@link
 * AlreadyCalled} once it has run and {@link AlreadyCancelled} once cancelled. Confined to the thread of the reactor or
 * clock that made it.
 */
public interface IDelayedCall extends ScheduledCall {
    /** {@return the time, in the clock's seconds, at which the call will run} */
    double getTime();

    /** Cancels the call so that it never runs. */
    @Override
    void cancel();

    /** Moves the call {@code secondsLater} later (negative: sooner). */
    void delay(double secondsLater);

    /** Reschedules the call to run {@code secondsFromNow} from the clock's current time. */
    void reset(double secondsFromNow);

    /** {@return whether the call has neither run nor been cancelled} */
    @Override
    boolean active();
}
