package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Runs and stops the event loop and its system events: Twisted's {@code IReactorCore}. Events have
 * a phase ({@code "before"}, {@code "during"}, {@code "after"}) and a type ({@code "startup"},
 * {@code "shutdown"}); triggers run phase by phase, in the order added.
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
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event, e.g. {@code "startup"} or {@code "shutdown"}
     * @param call what to run
     * @return an opaque id for {@link #removeSystemEventTrigger(Object)}
     * @throws IllegalArgumentException if {@code phase} is not one of the three phases
     */
    Object addSystemEventTrigger(String phase, String eventType, Runnable call);

    /**
     * Adds a trigger that may return a {@link Deferred}; in the {@code "before"} phase, later phases
     * wait for it to fire.
     * @param phase {@code "before"}, {@code "during"} or {@code "after"}
     * @param eventType the event, e.g. {@code "startup"} or {@code "shutdown"}
     * @param call what to run; a Deferred it returns is waited for, anything else is ignored
     * @return an opaque id for {@link #removeSystemEventTrigger(Object)}
     * @throws IllegalArgumentException if {@code phase} is not one of the three phases
     */
    Object addSystemEventTriggerDeferring(String phase, String eventType, Callable<?> call);

    /**
     * Removes a trigger added by {@link #addSystemEventTrigger}.
     * @param triggerId the id it returned
     * @throws IllegalArgumentException if no trigger has that id
     */
    void removeSystemEventTrigger(Object triggerId);

    /** {@return whether the event loop is running}, from the start of {@link #run()} to the end of shutdown. */
    boolean isRunning();
}
