package dev.weft.internet;

/**
 * Twisted's {@code IHalfCloseableProtocol}: hears about each direction of the connection closing. When the peer closes
 * its write side, {@link #readConnectionLost()} is called <em>instead of</em> {@link IProtocol#connectionLost}; the
 * protocol may keep writing and must call {@link ITransport#loseConnection()} itself. Confined to the reactor thread.
 */
public interface IHalfCloseableProtocol extends IProtocol {
    /** Reacts to the peer having closed its write side: no more data will arrive. */
    void readConnectionLost();

    /** Reacts to this side's write side having been closed: further writes are dropped. */
    void writeConnectionLost();
}
