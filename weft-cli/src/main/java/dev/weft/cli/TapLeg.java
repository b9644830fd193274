package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.IHandshakeListener;

/**
 * Is one leg of a proxied connection: the protocol on the client's connection to the tap, or on
 * the tap's connection to the server. It passes every event to its {@link TapConnection}, which
 * records it and forwards it to the other leg. Half-closeable, so a FIN from one side becomes a
 * half-close of the other instead of a full close; on a TLS leg it also hears when the handshake completes.
 *
 * <p>Confined to the reactor thread.
 */
final class TapLeg extends Protocol implements IHalfCloseableProtocol, IHandshakeListener {
    private final Side side;
    private final TapConnection connection;
    private boolean lost;

    TapLeg(Side side, TapConnection connection) {
        this.side = side;
        this.connection = connection;
    }

    @Override
    public void connectionMade() {
        connection.legMade(side, this);
    }

    @Override
    public void handshakeCompleted() {
        connection.handshakeCompleted(side);
    }

    @Override
    public void dataReceived(byte[] data) {
        connection.data(side, data);
    }

    @Override
    public void readConnectionLost() {
        connection.readLost(side);
    }

    @Override
    public void writeConnectionLost() {}

    @Override
    public void connectionLost(Failure reason) {
        lost = true;
        connection.lost(side, reason);
    }

    boolean isLost() {
        return lost;
    }
}
