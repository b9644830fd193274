package dev.weft.internet.testing.capture;

import dev.weft.defer.Failure;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;

/**
 * Stands between the chunking harness and a protocol under replay: passes each piece on while the connection lasts, and
 * runs the transport's pending calls after it, so a protocol that closes mid-input stops receiving as it would on a
 * real connection. Confined to the replaying thread.
 */
final class DeliveringProtocol implements IProtocol {
    private final IProtocol protocol;
    private final ReplayTransport transport;

    DeliveringProtocol(IProtocol protocol, ReplayTransport transport) {
        this.protocol = protocol;
        this.transport = transport;
    }

    @Override
    public void makeConnection(ITransport t) {
        throw new IllegalStateException("the replayed protocol is already connected");
    }

    @Override
    public void connectionMade() {}

    @Override
    public void dataReceived(byte[] data) {
        transport.runPending();
        if (!transport.ended()) {
            IBufferedProtocol.deliver(protocol, data);
            transport.runPending();
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        protocol.connectionLost(reason);
    }

    @Override
    public String toString() {
        return protocol.toString();
    }
}
