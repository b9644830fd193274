package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.IAddress;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.ITransport;
import dev.weft.internet.nio.INioTransport;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Sits between a real connection and the protocol on it (a tap leg, or the TLS layer under one) and
 * watches the connection: the most bytes it ever had queued after a write, and the first time the
 * protocol above stopped its reading while the {@link #feeds} leg had a full buffer (back-pressure,
 * not the pause a tap makes while it connects). Every call is passed on unchanged. Reactor thread only.
 */
final class SpiedLeg implements IHalfCloseableProtocol {
    final CompletableFuture<Void> stoppedReading = new CompletableFuture<>();
    /** Completes when the connection pauses its registered push producer while {@link #pauseCounts} holds. */
    final CompletableFuture<Void> producerPaused = new CompletableFuture<>();

    volatile BooleanSupplier pauseCounts = () -> true;
    private final IProtocol inner;
    private INioTransport connection;
    private volatile long mostQueued;
    /** The leg this one's bytes are forwarded to. */
    volatile SpiedLeg feeds;

    SpiedLeg(IProtocol inner) {
        this.inner = inner;
    }

    long mostQueued() {
        return mostQueued;
    }

    @Override
    public void makeConnection(ITransport transport) {
        connection = (INioTransport) transport;
        inner.makeConnection(new Spy());
    }

    @Override
    public void connectionMade() {}

    @Override
    public void dataReceived(byte[] data) {
        inner.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        inner.connectionLost(reason);
    }

    @Override
    public void readConnectionLost() {
        if (inner instanceof IHalfCloseableProtocol h) {
            h.readConnectionLost();
        }
    }

    @Override
    public void writeConnectionLost() {
        if (inner instanceof IHalfCloseableProtocol h) {
            h.writeConnectionLost();
        }
    }

    /** The connection as the protocol above sees it. */
    private final class Spy implements ITCPTransport, IPushProducer {
        @Override
        public void write(byte[] data) {
            connection.write(data);
            mostQueued = Math.max(mostQueued, connection.bufferedBytes());
        }

        @Override
        public void writeSequence(Iterable<byte[]> data) {
            for (byte[] b : data) {
                write(b);
            }
        }

        @Override
        public void loseConnection() {
            connection.loseConnection();
        }

        @Override
        public void abortConnection() {
            connection.abortConnection();
        }

        @Override
        public boolean isDisconnecting() {
            return connection.isDisconnecting();
        }

        @Override
        public void loseWriteConnection() {
            connection.loseWriteConnection();
        }

        @Override
        public void registerProducer(IPushProducer producer) {
            connection.registerProducer(new IPushProducer() {
                @Override
                public void pauseProducing() {
                    producer.pauseProducing();
                    if (pauseCounts.getAsBoolean()) {
                        producerPaused.complete(null);
                    }
                }

                @Override
                public void resumeProducing() {
                    producer.resumeProducing();
                }

                @Override
                public void stopProducing() {
                    producer.stopProducing();
                }
            });
        }

        @Override
        public void registerProducer(IPullProducer producer) {
            connection.registerProducer(producer);
        }

        @Override
        public void unregisterProducer() {
            connection.unregisterProducer();
        }

        @Override
        public void pauseProducing() {
            connection.pauseProducing();
            SpiedLeg to = feeds;
            if (!connection.isReading()
                    && to != null
                    && to.connection.bufferedBytes() > INioTransport.HIGH_WATER_MARK) {
                stoppedReading.complete(null);
            }
        }

        @Override
        public void resumeProducing() {
            connection.resumeProducing();
        }

        @Override
        public void stopProducing() {
            connection.stopProducing();
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
            return "spied " + connection;
        }
    }
}
