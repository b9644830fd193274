package dev.weft.junit;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IProtocol;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared transport contract, run on the real UNIX-domain socket transport. */
final class UnixTransportContractTest extends TransportContract {
    @TempDir
    Path dir;

    private int sockets;

    @Override
    protected Fixture connect(IProtocol local) {
        return new SteppedSocketFixture(local, dir.resolve("s" + sockets++).toString());
    }

    /**
     * A UNIX-domain socket cannot be reset on purpose (no SO_LINGER): after an abort the peer reads a
     * clean end of stream, as {@link INioTransport} documents.
     */
    @Override
    protected Class<? extends Throwable> peerAbortReason() {
        return ConnectionDone.class;
    }

    @Override
    protected int largeWriteSize() {
        return 16 * 1024 * 1024;
    }
}
