package dev.weft.internet;

/**
 * Carries a protocol's bytes to the peer: Twisted's {@code ITransport}. Writes never block, are
 * delivered in order and never call a protocol method; writes after the connection is lost are
 * ignored.
 *
 * <p>Confined to the reactor thread.
 */
public interface ITransport extends IConsumer {
    /**
     * Queues bytes for the peer, in order after everything written before.
     * @param data the bytes; the array is handed over, so the caller must not change it afterwards
     */
    @Override
    void write(byte[] data);

    /**
     * Queues several arrays as if each were passed to {@link #write(byte[])} in turn.
     * @param data the arrays, in order; each is handed over as for {@code write}
     */
    void writeSequence(Iterable<byte[]> data);

    /**
     * Closes the connection once everything written has been sent; the protocol then gets {@code
     * connectionLost} with a {@link ConnectionDone}. Calling it again does nothing.
     */
    void loseConnection();

    /**
     * Closes the connection at once, dropping unsent data; the protocol then gets {@code
     * connectionLost} with a {@link ConnectionAborted} on a later reactor turn. Calling it again is
     * harmless.
     */
    void abortConnection();

    /** {@return whether {@link #loseConnection()} or {@link #abortConnection()} has been called}; false by default. */
    default boolean isDisconnecting() {
        return false;
    }

    /** {@return the address of the other end} */
    IAddress getPeer();

    /** {@return the address of this end} */
    IAddress getHost();
}
