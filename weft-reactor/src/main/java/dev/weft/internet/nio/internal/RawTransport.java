package dev.weft.internet.nio.internal;

import dev.weft.internet.IAddress;
import dev.weft.internet.IOffThreadWrite;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IReactorBound;
import dev.weft.internet.IReactorTime;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.IWriteBuffered;
import org.jspecify.annotations.Nullable;

/**
 * The transport a TLS layer started by {@link Connection#startTLS} writes to: the connection
 * itself, past the layer (Twisted's {@code _BypassTLS}). Everything else is the connection's; as a
 * push producer it pauses and resumes the socket's reading itself. Its {@link #bufferedBytes()} is the
 * socket's queue, so the layer's own count includes the ciphertext the peer has not taken yet.
 *
 * <p>Confined to the reactor thread.
 */
final class RawTransport implements ITCPTransport, IOffThreadWrite, IPushProducer, IReactorBound, IWriteBuffered {
    private final Connection connection;

    RawTransport(Connection connection) {
        this.connection = connection;
    }

    /** {@return the connection's reactor, which the TLS layer above uses when it was given no clock} */
    @Override
    public @Nullable IReactorTime reactor() {
        return connection.reactor();
    }

    @Override
    public void write(byte[] data) {
        connection.rawWrite(data);
    }

    @Override
    public IOffThreadWrite.@Nullable Writer offThreadWriter() {
        return connection.offThreadWriter();
    }

    /** {@return the bytes the connection's socket queue still holds} */
    @Override
    public long bufferedBytes() {
        return connection.bufferedBytes();
    }

    @Override
    public void writeSequence(Iterable<byte[]> data) {
        connection.rawWriteSequence(data);
    }

    @Override
    public void loseConnection() {
        connection.rawLoseConnection();
    }

    @Override
    public void abortConnection() {
        connection.rawAbortConnection();
    }

    @Override
    public boolean isDisconnecting() {
        return connection.isDisconnecting();
    }

    @Override
    public void loseWriteConnection() {
        connection.rawLoseWriteConnection();
    }

    @Override
    public void registerProducer(IPushProducer producer) {
        connection.rawRegisterProducer(producer, true);
    }

    @Override
    public void registerProducer(IPullProducer producer) {
        connection.rawRegisterProducer(producer, false);
    }

    @Override
    public void unregisterProducer() {
        connection.rawUnregisterProducer();
    }

    @Override
    public void pauseProducing() {
        connection.rawPauseProducing();
    }

    @Override
    public void resumeProducing() {
        connection.rawResumeProducing();
    }

    @Override
    public void stopProducing() {
        connection.rawLoseConnection();
    }

    @Override
    public IAddress getPeer() {
        return connection.getPeer();
    }

    @Override
    public IAddress getHost() {
        return connection.getHost();
    }

    @Override
    public boolean getTcpNoDelay() {
        return connection.getTcpNoDelay();
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        connection.setTcpNoDelay(enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return connection.getTcpKeepAlive();
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        connection.setTcpKeepAlive(enabled);
    }

    @Override
    public String toString() {
        return "raw " + connection;
    }
}
