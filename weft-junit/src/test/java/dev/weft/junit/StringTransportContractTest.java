package dev.weft.junit;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import dev.weft.internet.testing.StringTransport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs the transport contract against {@link StringTransport}. The test is the peer: what the peer
 * "received" is {@link StringTransport#value()}, the peer's view of a close is read from the flags
 * ({@code disconnecting} gives a clean close, {@code disconnected} an abort), and the peer's writes
 * are delivered straight to the protocol. StringTransport's documented differences: it never
 * delivers {@code connectionLost}, never resumes a pull producer, and throws on an unregister without
 * a producer.
 */
class StringTransportContractTest extends TransportContract {
    /** The fixture for one string transport: the test plays the peer. */
    static class StringFixture implements Fixture {
        private final StringTransport transport;
        private final IProtocol local;

        StringFixture(StringTransport transport, IProtocol local) {
            this.transport = transport;
            this.local = local;
        }

        @Override
        public ITransport transport() {
            return transport;
        }

        @Override
        public void runUntil(BooleanSupplier condition) {
            // Nothing is ever pending: every call takes effect at once.
        }

        @Override
        public byte[] peerReceived() {
            return transport.value();
        }

        @Override
        public @Nullable Failure peerLostReason() {
            if (transport.isDisconnected()) {
                return new Failure(new ConnectionLost());
            }
            return transport.isDisconnecting() ? new Failure(new ConnectionDone()) : null;
        }

        @Override
        public void peerWrite(byte[] data) {
            IBufferedProtocol.deliver(local, data);
        }
    }

    @Override
    protected Fixture connect(IProtocol local) {
        StringTransport transport = new StringTransport();
        local.makeConnection(transport);
        return new StringFixture(transport, local);
    }

    @Override
    protected boolean deliversConnectionLost() {
        return false;
    }

    @Override
    protected boolean resumesPullProducerOnRegistration() {
        return false;
    }

    @Override
    protected boolean peerCanClose() {
        return false;
    }
}
