package dev.weft.internet.nio.internal;

import java.nio.channels.SelectionKey;

/**
 * Something the {@link EventLoop} owns a socket for: a connection, a listening port or a connect
 * attempt. The loop calls {@link #ready} when its key is selected and {@link #reactorStopping} when
 * the reactor shuts down with it still open.
 *
 * <p>Confined to the reactor thread.
 */
public interface Selectable {
    /** Handles the ready operations of {@code key}; guards every user callback it makes. */
    void ready(SelectionKey key);

    /** Closes at once because the reactor is shutting down, delivering the matching notifications. */
    void reactorStopping();

    /**
     * Closes at once because handling it failed inside the reactor (a bug, never a user callback's
     * exception, which the selectable handles itself).
     */
    void internalFailure(Throwable error);
}
