package dev.weft.defer;

/**
 * What a Deferred's timeout needs of a clock: run a call later, on the Deferred's thread. Every
 * {@link dev.weft.internet.IReactorTime} (a reactor, a {@code Clock}) is one, so {@link
 * Deferred#addTimeout(double, Scheduler)} takes them as they are; the type lives here so that
 * Deferreds depend on nothing of the networking packages.
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
