package dev.weft.junit;

import dev.weft.internet.IProtocol;
import dev.weft.internet.testing.StringTransportWithDisconnection;

/**
 * Runs the transport contract against {@link StringTransportWithDisconnection}. On top of {@link
 * StringTransportContractTest}'s differences it documents three more: {@code connectionLost} is
 * delivered inside {@code loseConnection}/{@code abortConnection}, writes made after it are still
 * recorded, and a registered producer is not stopped by the close (Twisted's neither).
 */
final class StringTransportWithDisconnectionContractTest extends StringTransportContractTest {
    @Override
    protected Fixture connect(IProtocol local) {
        StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
        transport.connect(local);
        return new StringFixture(transport, local);
    }

    @Override
    protected boolean deliversConnectionLost() {
        return true;
    }

    @Override
    protected boolean deliversConnectionLostSynchronously() {
        return true;
    }

    @Override
    protected boolean recordsWritesAfterConnectionLost() {
        return true;
    }

    @Override
    protected boolean stopsARunningPushProducerOnClose() {
        return false;
    }
}
