package dev.weft.internet.testing;

import dev.weft.internet.IAddress;
import dev.weft.internet.IOffThreadWrite;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorBound;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import org.jspecify.annotations.Nullable;

/**
 * The transport a TLS layer started by {@link FakeTransport#startTLS} writes to: the fake transport
 * itself, past the layer (Twisted's {@code _BypassTLS}); as a push producer it holds and releases
 * delivery to the layer.
 *
 * <p>Confined to the test thread.
 */
final class FakeRawTransport implements ITCPTransport, IOffThreadWrite, IPushProducer, IReactorBound {
    private final FakeTransport io;

    FakeRawTransport(FakeTransport io) {
        this.io = io;
    }

    /** {@return the fake transport's clock, which the TLS layer above uses when it was given none} */
    @Override
    public @Nullable IReactorTime reactor() {
        return io.reactor();
    }

    @Override
    public void write(byte[] data) {
        io.rawWrite(data);
    }

    @Override
    public IOffThreadWrite.@Nullable Writer offThreadWriter() {
        return io.offThreadWriter();
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        io.rawWriteSequence(data);
    }

    @Override
    public void loseConnection() {
        io.rawLoseConnection();
    }

    @Override
    public void abortConnection() {
        io.rawAbortConnection();
    }

    @Override
    public boolean isDisconnecting() {
        return io.isDisconnecting();
    }

    @Override
    public void loseWriteConnection() {
        io.rawLoseWriteConnection();
    }

    @Override
    public void registerProducer(IPushProducer producer) {
        io.rawRegisterPush(producer);
    }

    @Override
    public void registerProducer(IPullProducer producer) {
        io.rawRegisterPull(producer);
    }

    @Override
    public void unregisterProducer() {
        io.rawUnregisterProducer();
    }

    @Override
    public void pauseProducing() {
        io.rawPauseProducing();
    }

    @Override
    public void resumeProducing() {
        io.rawResumeProducing();
    }

    @Override
    public void stopProducing() {
        io.rawLoseConnection();
    }

    @Override
    public IAddress getPeer() {
        return io.getPeer();
    }

    @Override
    public IAddress getHost() {
        return io.getHost();
    }

    @Override
    public boolean getTcpNoDelay() {
        return io.getTcpNoDelay();
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        io.setTcpNoDelay(enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return io.getTcpKeepAlive();
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        io.setTcpKeepAlive(enabled);
    }

    @Override
    public String toString() {
        return "raw " + io;
    }
}
