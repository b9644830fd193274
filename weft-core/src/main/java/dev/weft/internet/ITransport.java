package dev.weft.internet;

/**
 * Carries a protocol's bytes to the peer: Twisted's {@code ITransport}.
 *
 * <p>Writes never block and are delivered in order; nothing is sent synchronously and {@code write}
 * never calls a protocol method. Writes after the connection is lost are silently ignored. Twisted
 * puts {@link #abortConnection()} on {@code ITCPTransport}; weft puts it here, so every transport,
 * fakes included, can be aborted.
 *
 * <p>Confined to the reactor thread.
 */
public interface ITransport extends IConsumer {
    /**
     * Queues bytes for the peer, in order after everything written before.
     *
     * @param data the bytes; the array is handed over, so the caller must not change it afterwards
     */
    @Override
    void write(byte[] data);

    /**
     * Queues several arrays as if each were passed to {@link #write(byte[])} in turn.
     *
     * @param data the arrays, in order; each is handed over as for {@code write}
     */
    void writeSequence(Iterable<byte[]> data);

    /**
     * Closes the connection cleanly once everything written so far has been sent. The protocol
     * then gets {@code connectionLost} with a {@link ConnectionDone}, and so does the peer. Calling it
     * again, or after the connection is lost, does nothing.
     */
    void loseConnection();

    /**
     * Closes the connection at once, dropping unsent data. The protocol then gets {@code
     * connectionLost} with a {@link ConnectionAborted}, on a later reactor turn (never re-entrantly
     * from this call); the peer sees a {@link ConnectionLost}. Calling it again, or after {@link
     * #loseConnection()}, is harmless.
     */
    void abortConnection();

    /**
     * Tells whether {@link #loseConnection()} or {@link #abortConnection()} has been called (Twisted's
     * {@code transport.disconnecting}, which Twisted's {@code LineReceiver} reads to stop delivering
     * lines). weft's transports all override this; the default, for a transport that cannot tell,
     * answers {@code false}.
     *
     * @return {@code true} once the connection is closing or closed
     */
    default boolean isDisconnecting() {
        return false;
    }

    /**
     * Returns the address of the other end.
     *
     * @return the peer's address
     */
    IAddress getPeer();

    /**
     * Returns the address of this end.
     *
     * @return the local address
     */
    IAddress getHost();
}
