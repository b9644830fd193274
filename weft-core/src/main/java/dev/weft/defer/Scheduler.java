package dev.weft.defer;

/**
 * What a Deferred's timeout needs of a clock: run a call later. Every {@link
 * dev.weft.internet.IReactorTime} is one.
 *
 * <p>Implementations say which thread runs the calls; a Deferred is confined to that thread.
 */
@FunctionalInterface
public interface Scheduler {
    /**
     * Schedules {@code call} to run once, {@code delaySeconds} from now.
     *
     * @param delaySeconds the delay in seconds, at least 0
     * @param call what to run
     * @return a handle that can cancel the call
     */
    ScheduledCall callLater(double delaySeconds, Runnable call);
}
