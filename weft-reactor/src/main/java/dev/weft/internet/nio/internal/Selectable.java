package dev.weft.internet.nio.internal;

import java.nio.channels.SelectionKey;

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
}
