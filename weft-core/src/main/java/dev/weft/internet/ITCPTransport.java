package dev.weft.internet;

/**
 * Adds TCP's half-close and socket options to {@link ITransport}: Twisted's {@code ITCPTransport}.
 *
 * <p>Confined to the reactor thread.
 */
public interface ITCPTransport extends ITransport {
    /**
     * Closes the write side once everything written has been sent; reading goes on and later writes
     * are dropped.
     */
    void loseWriteConnection();

    /** {@return whether Nagle's algorithm is off ({@code TCP_NODELAY})} */
    boolean getTcpNoDelay();

    /**
     * Turns Nagle's algorithm off or on ({@code TCP_NODELAY}).
     * @param enabled {@code true} to send small writes without delay
     */
    void setTcpNoDelay(boolean enabled);

    /** {@return whether TCP keep-alive probes are on ({@code SO_KEEPALIVE})} */
    boolean getTcpKeepAlive();

    /**
     * Turns TCP keep-alive probes on or off ({@code SO_KEEPALIVE}).
     * @param enabled {@code true} to turn keep-alive on
     */
    void setTcpKeepAlive(boolean enabled);
}
