package dev.weft.internet;

/**
 * Adds TCP's half-close and socket options to {@link ITransport}: Twisted's {@code ITCPTransport}. Confined to the
 * reactor thread.
 */
public interface ITCPTransport extends ITransport {
    /** Closes the write side once everything written is sent; reading goes on, later writes are dropped. */
    void loseWriteConnection();

    /** {@return whether Nagle's algorithm is off ({@code TCP_NODELAY})} */
    boolean getTcpNoDelay();

    /** Turns Nagle's algorithm off ({@code true}: small writes go without delay) or on ({@code TCP_NODELAY}). */
    void setTcpNoDelay(boolean enabled);

    /** {@return whether TCP keep-alive probes are on ({@code SO_KEEPALIVE})} */
    boolean getTcpKeepAlive();

    /** Turns TCP keep-alive probes ({@code SO_KEEPALIVE}) on or off. */
    void setTcpKeepAlive(boolean enabled);
}
