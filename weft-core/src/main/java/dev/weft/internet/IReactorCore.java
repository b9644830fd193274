package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Runs and stops the event loop and its system events: Twisted's {@code IReactorCore}.
 *
 * <p>System events are named by a phase, one of {@code "before"}, {@code "during"} and {@code
 * "after"}, and an event type, {@code "startup"} or {@code "shutdown"} (Twisted allows other event
 * types; so may an implementation). For each event the triggers run phase by phase, each phase in
 * the order the triggers were added.
 *
 * <p>Confined to the reactor thread, except {@link #run()}, which is called on the thread that
 * becomes the reactor thread.
 */
public interface IReactorCore {
    /**
     * Runs the event loop on the calling thread until {@link #stop()}: fires the startup event, then
     * handles I/O and timers, then fires the shutdown event.
     *
     * @throws IllegalStateException if the reactor is already running, or cannot be restarted
     */
    void run();

    /**
     * Asks the running event loop to fire the shutdown event and return from {@link #run()}.
     *
     * @throws IllegalStateException if the reactor is not running (Twisted's {@code
     *     ReactorNotRunning})
     */
    void stop();

    /**
     * Stops the event loop at once, without firing the shutdown event (Twisted's {@code crash}): for
     * tests and emergencies. What stays open stays open.
     */
    void crash();

    /**
     * Runs {@code call} once the reactor is running: at once if it already is, otherwise as an
     * {@code ("after", "startup")} trigger.
     *
     * @param call what to run
     * @return the trigger's id, for {@link #removeSystemEventTrigger(Object)}, or null when {@code
     *     call} already ran
     */
    @Nullable
    Object callWhenRunning(Runnable call);

    /**
     * Adds a trigger to a system event.
     *
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event, e.g. {@code "startup"} or {@code "shutdown"}
     * @param call what to run
     * @return an opaque id for {@link #removeSystemEventTrigger(Object)}
     * @throws IllegalArgumentException if {@code phase} is not one of the three phases
     */
    Object addSystemEventTrigger(String phase, String eventType, Runnable call);

    /**
     * Adds a trigger that may return a {@link Deferred}: as in Twisted, a {@code "before"} trigger's
     * Deferred holds back the {@code "during"} and {@code "after"} phases of its event until it fires
     * (failed or not); in the other phases the result is ignored. {@link
     * #addSystemEventTrigger(String, String, Runnable)} is the same for a trigger with no result.
     *
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event, e.g. {@code "startup"} or {@code "shutdown"}
     * @param call what to run; a Deferred it returns is waited for, anything else is ignored
     * @return an opaque id for {@link #removeSystemEventTrigger(Object)}
     * @throws IllegalArgumentException if {@code phase} is not one of the three phases
     */
    Object addSystemEventTriggerDeferring(String phase, String eventType, Callable<?> call);

    /**
     * Removes a trigger added by {@link #addSystemEventTrigger}.
     *
     * @param triggerId the id it returned
     * @throws IllegalArgumentException if no trigger has that id (it was removed, or has run)
     */
    void removeSystemEventTrigger(Object triggerId);

    /**
     * Tells whether the event loop is running (Twisted's {@code running}).
     *
     * @return {@code true} between the start of {@link #run()} and the end of shutdown
     */
    boolean isRunning();
}
