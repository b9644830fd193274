package dev.weft.cli;

import dev.weft.fixture.forward.Leg;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.IHandshakeListener;

/**
 * Is one leg of a tapped connection ({@link Leg}, the forwarding core's), which on a TLS leg also hears when the
 * handshake completes. Confined to the reactor thread.
 */
final class TapLeg extends Leg implements IHandshakeListener {
    private final TapConnection connection;

    TapLeg(Side side, TapConnection connection) {
        super(side, connection);
        this.connection = connection;
    }

    @Override
    public void handshakeCompleted() {
        connection.handshakeCompleted(side());
    }
}
