package dev.weft.internet;

/**
 * Adds TCP's half-close and socket options to {@link ITransport}: Twisted's {@code ITCPTransport}.
 * {@link #getHost()} and {@link #getPeer()} return an {@link IPv4Address} or {@link IPv6Address}.
 *
 * <p>Confined to the reactor thread.
 */
public interface ITCPTransport extends ITransport {
    /**
     * Closes the write side once everything written so far has been sent (TCP half-close); reading
     * goes on. Later writes are dropped. A local {@link IHalfCloseableProtocol} then gets {@code
     * writeConnectionLost()}.
     */
    void loseWriteConnection();

    /**
     * Tells whether Nagle's algorithm is off ({@code TCP_NODELAY}).
     *
     * @return {@code true} if small writes are sent without delay
     */
    boolean getTcpNoDelay();

    /**
     * Turns Nagle's algorithm off or on ({@code TCP_NODELAY}).
     *
     * @param enabled {@code true} to send small writes without delay
     */
    void setTcpNoDelay(boolean enabled);

    /**
     * Tells whether TCP keep-alive probes are on ({@code SO_KEEPALIVE}).
     *
     * @return {@code true} if keep-alive is on
     */
    boolean getTcpKeepAlive();

    /**
     * Turns TCP keep-alive probes on or off ({@code SO_KEEPALIVE}).
     *
     * @param enabled {@code true} to turn keep-alive on
     */
    void setTcpKeepAlive(boolean enabled);
}
