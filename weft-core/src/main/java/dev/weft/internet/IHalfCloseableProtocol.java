package dev.weft.internet;

/**
 * Lets a protocol hear about each direction of the connection closing on its own: Twisted's {@code
 * IHalfCloseableProtocol}.
 *
 * <p>When the peer closes its write side (TCP FIN), a protocol implementing this interface gets
 * {@link #readConnectionLost()} <em>instead of</em> {@link IProtocol#connectionLost}; it may keep
 * writing and must call {@link ITransport#loseConnection()} itself when done. When this side's
 * {@link ITCPTransport#loseWriteConnection()} completes it gets {@link #writeConnectionLost()}. If
 * either method throws, the exception is logged and the whole connection is lost.
 *
 * <p>Confined to the reactor thread.
 */
public interface IHalfCloseableProtocol extends IProtocol {
    /** Reacts to the peer having closed its write side: no more data will arrive. */
    void readConnectionLost();

    /** Reacts to this side's write side having been closed: further writes are dropped. */
    void writeConnectionLost();
}
