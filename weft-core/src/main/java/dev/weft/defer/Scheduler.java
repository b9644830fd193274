package dev.weft.defer;

/**
 * What a Deferred's timeout needs of a clock: run a call later. Every {@link dev.weft.internet.IReactorTime} is one.
 * Implementations say which thread runs the calls; a Deferred is confined to it.
 */
@FunctionalInterface
public interface Scheduler {
    /** Schedules {@code call} to run once, {@code delaySeconds} (at least 0) from now. */
    ScheduledCall callLater(double delaySeconds, Runnable call);
}
