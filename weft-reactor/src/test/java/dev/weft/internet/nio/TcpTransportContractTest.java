package dev.weft.internet.nio;

import dev.weft.internet.IProtocol;
import dev.weft.internet.testing.TransportContractTest;

/** The shared transport contract, run on the real TCP transport over 127.0.0.1. */
final class TcpTransportContractTest extends TransportContractTest {
    @Override
    protected Fixture connect(IProtocol local) {
        return new SteppedSocketFixture(local, null);
    }

    @Override
    protected int largeWriteSize() {
        return 16 * 1024 * 1024;
    }
}
