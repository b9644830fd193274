package dev.weft.internet;

/**
 * Carries a protocol's bytes to the peer: Twisted's {@code ITransport}. Writes never block, keep their order, never
 * call a protocol method, and are ignored after the connection is lost. Confined to the reactor thread.
 */
public interface ITransport extends IConsumer {
    /** Queues bytes for the peer after everything written before; the array is handed over, do not change it. */
    @Override
    void write(byte[] data);

    /** Queues the arrays (each handed over) as if each were passed to {@link #write(byte[])} in turn. */
    void writeSequence(Iterable<byte[]> data);

    /** Closes once everything written is sent; the protocol gets a {@link ConnectionDone}. Idempotent. */
    void loseConnection();

    /**
     * Closes at once, dropping unsent data; the protocol gets {@code connectionLost} with a {@link ConnectionAborted}
     * on a later reactor turn. Calling it again is harmless.
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
