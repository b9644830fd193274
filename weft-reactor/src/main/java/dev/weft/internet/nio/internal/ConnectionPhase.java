package dev.weft.internet.nio.internal;

/**
 * The life of a {@link Connection}: {@code NEW} until {@link Connection#start}, then {@code OPEN};
 * {@code CLOSING} after {@code loseConnection} (flushing, then closing), {@code ABORTING} after {@code
 * abortConnection} (until the next turn loses it), and {@code LOST} once {@code connectionLost} was
 * delivered. The connection's I/O flags (paused, half-closed, flushing) are orthogonal to it.
 *
 * <p>Confined to the reactor thread.
 */
enum ConnectionPhase {
    NEW,
    OPEN,
    CLOSING,
    ABORTING,
    LOST;

    /** Twisted's {@code connected}: started and not lost yet. */
    boolean isUp() {
        return this == OPEN || this == CLOSING || this == ABORTING;
    }

    /** Up and not aborting: writes are queued and flushed, producers may register. */
    boolean sends() {
        return this == OPEN || this == CLOSING;
    }
}
