package dev.weft.internet.nio.internal;

import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import org.jspecify.annotations.Nullable;

/**
 * Something the {@link EventLoop} owns a socket for: a connection, a listening port or a connect attempt.
 * Confined to the reactor thread.
 */
public interface Selectable {
    /** Handles the ready operations of {@code key}; guards every user callback it makes. */
    void ready(SelectionKey key);

    /** Closes at once because the reactor is shutting down, delivering the matching notifications. */
    void reactorStopping();

    /** Closes at once because handling it failed inside the reactor (a bug, never a user callback's exception). */
    void internalFailure(Throwable error);

    /**
     * Returns its socket if the selector may not hold it (a connection not yet registered), for a loop
     * abandoned after a fatal error to close without callbacks; null if the selector holds it, or none.
     */
    default @Nullable Channel unregisteredChannel() {
        return null;
    }
}
