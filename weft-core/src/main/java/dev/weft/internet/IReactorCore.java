package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Runs and stops the event loop and its system events: Twisted's {@code IReactorCore}. A trigger
 * is added to a {@link SystemEvent} in a {@link Phase}; triggers run phase by phase, in the order
 * added.
 *
 * <p>Confined to the reactor thread, except {@link #run()}, which is called on the thread that
 * becomes the reactor thread.
 */
public interface IReactorCore {
    /**
     * Runs the event loop on the calling thread until {@link #stop()}.
     * @throws IllegalStateException if the reactor is already running, or cannot be restarted
     */
    void run();

    /**
     * Asks the running event loop to fire the shutdown event and return from {@link #run()}.
     * @throws IllegalStateException if the reactor is not running
     */
    void stop();

    /** Stops the event loop at once, without firing the shutdown event; for tests and emergencies. */
    void crash();

    /**
     * Runs {@code call} once the reactor is running: at once if it already is.
     * @param call what to run
     * @return the trigger's id, or null when {@code call} already ran
     */
    @Nullable
    Object callWhenRunning(Runnable call);

    /**
     * Adds a trigger to a system event.
     * @param phase when, within the event, to run
     * @param event the event
     * @param call what to run
     * @return an opaque id for {@link #removeSystemEventTrigger(Object)}
     */
    Object addSystemEventTrigger(Phase phase, SystemEvent event, Runnable call);

    /**
     * Adds a trigger that may return a {@link Deferred}; in the {@link Phase#BEFORE} phase, later
     * phases wait for it to fire.
     * @param phase when, within the event, to run
     * @param event the event
     * @param call what to run; a Deferred it returns is waited for, anything else is ignored
     * @return an opaque id for {@link #removeSystemEventTrigger(Object)}
     */
    Object addSystemEventTriggerDeferring(Phase phase, SystemEvent event, Callable<?> call);

    /**
     * Removes a trigger added by {@link #addSystemEventTrigger}.
     * @param triggerId the id it returned
     * @throws IllegalArgumentException if no trigger has that id
     */
    void removeSystemEventTrigger(Object triggerId);

    /** {@return whether the event loop is running}, from the start of {@link #run()} to the end of shutdown. */
    boolean isRunning();
}
