package dev.weft.internet;

import dev.weft.defer.Deferred;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Runs and stops the event loop and its system events: Twisted's {@code IReactorCore}. Triggers run {@link Phase} by
 * phase, in the order added. Confined to the reactor thread, except {@link #run()}, whose caller becomes it.
 */
public interface IReactorCore {
    /**
     * Runs the event loop on the calling thread until {@link #stop()}; throws {@link IllegalStateException} if running.
     */
    void run();

    /** Fires the shutdown event and returns from {@link #run()}; throws IllegalStateException if not running. */
    void stop();

    /** Stops the event loop at once, without firing the shutdown event; for tests and emergencies. */
    void crash();

    /** Runs {@code call} once the reactor is running; returns its trigger id, or null if it ran at once. */
    @Nullable
    Object callWhenRunning(Runnable call);

    /** Adds {@code call} to {@code event}'s {@code phase}; returns an id for {@link #removeSystemEventTrigger}. */
    Object addSystemEventTrigger(Phase phase, SystemEvent event, Runnable call);

    /**
     * Adds a trigger that may return a {@link Deferred}, which in {@link Phase#BEFORE} holds back the later phases;
     * returns an id for {@link #removeSystemEventTrigger(Object)}.
     */
    Object addSystemEventTriggerDeferring(Phase phase, SystemEvent event, Callable<?> call);

    /** Removes a trigger by the id it returned; throws {@link IllegalArgumentException} if there is none. */
    void removeSystemEventTrigger(Object triggerId);

    /** {@return whether the event loop is running}, from the start of {@link #run()} to the end of shutdown. */
    boolean isRunning();
}
