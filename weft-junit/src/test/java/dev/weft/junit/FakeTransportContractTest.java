package dev.weft.junit;

import dev.weft.defer.Failure;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.FakeTransport;
import dev.weft.internet.testing.IOPump;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs the transport contract against {@link FakeTransport}: the local protocol is the client end of
 * an {@link IOPump} pair, the peer an {@link AccumulatingProtocol} on the server end, and {@code
 * runUntil} pumps. The one documented difference from real TCP the suite sees: writes made after
 * {@code loseConnection} are dropped, as in Twisted's iosim (invariant 54). Abort reasons are real
 * TCP's (ConnectionAborted here, ConnectionLost at the peer), so those hooks keep their defaults.
 */
final class FakeTransportContractTest extends TransportContract {
    /** One pump pair; the peer is the server end. */
    private static final class PumpFixture implements Fixture {
        private final IOPump pump;
        private final AccumulatingProtocol peer;

        PumpFixture(IOPump pump, AccumulatingProtocol peer) {
            this.pump = pump;
            this.peer = peer;
        }

        @Override
        public ITransport transport() {
            return pump.clientIO();
        }

        @Override
        public void runUntil(BooleanSupplier condition) {
            for (int i = 0; i < IOPump.FLUSH_LIMIT && !condition.getAsBoolean(); i++) {
                if (!pump.pump()) {
                    return;
                }
            }
        }

        @Override
        public byte[] peerReceived() {
            return peer.data();
        }

        @Override
        public @Nullable Failure peerLostReason() {
            return peer.closedReason();
        }

        @Override
        public void peerWrite(byte[] data) {
            pump.serverIO().write(data);
        }

        @Override
        public void peerLoseConnection() {
            pump.serverIO().loseConnection();
        }
    }

    @Override
    protected Fixture connect(IProtocol local) {
        AccumulatingProtocol peer = new AccumulatingProtocol();
        IOPump pump = IOPump.connect(new FakeTransport(peer, true), new FakeTransport(local, false), false);
        return new PumpFixture(pump, peer);
    }

    @Override
    protected boolean keepsWritesAfterLoseConnection() {
        return false;
    }
}
