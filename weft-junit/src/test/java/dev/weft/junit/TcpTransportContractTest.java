package dev.weft.junit;

import dev.weft.internet.IProtocol;

/** The shared transport contract, run on the real TCP transport over 127.0.0.1. */
final class TcpTransportContractTest extends TransportContract {
    @Override
    protected Fixture connect(IProtocol local) {
        return new SteppedSocketFixture(local, null);
    }

    @Override
    protected int largeWriteSize() {
        return 16 * 1024 * 1024;
    }
}
