package dev.weft.application;

import dev.weft.defer.Failure;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code _ReconnectingProtocolProxy}: stands for the application's protocol on a {@link ClientService}'s
 * connection and tells the service when the connection is lost, after the protocol's own {@code connectionLost}. A
 * factory that built no protocol gets a refusing proxy, which closes the connection as it is made. Confined to the
 * reactor thread.
 */
class ReconnectingProtocolProxy implements IProtocol {
    final @Nullable IProtocol wrapped;
    private final Consumer<Failure> lostNotification;
    private @Nullable ITransport transport;
    private boolean lost;

    ReconnectingProtocolProxy(@Nullable IProtocol wrapped, Consumer<Failure> lostNotification) {
        this.wrapped = wrapped;
        this.lostNotification = lostNotification;
    }

    /** Wraps {@code protocol}, half-closeable if it is, as Twisted's proxy provides the protocol's interfaces. */
    static ReconnectingProtocolProxy wrap(@Nullable IProtocol protocol, Consumer<Failure> lostNotification) {
        return protocol instanceof IHalfCloseableProtocol
                ? new HalfCloseable(protocol, lostNotification)
                : new ReconnectingProtocolProxy(protocol, lostNotification);
    }

    /** {@return the transport the connection was made with, or null before} */
    @Nullable
    ITransport transport() {
        return transport;
    }

    /** {@return whether {@link #connectionLost} was called} */
    boolean isLost() {
        return lost;
    }

    @Override
    public void makeConnection(ITransport transport) {
        this.transport = transport;
        IProtocol p = wrapped;
        if (p == null) {
            transport.loseConnection();
            return;
        }
        p.makeConnection(transport);
    }

    /** Does nothing: {@link #makeConnection} calls the wrapped protocol's, which calls its own. */
    @Override
    public void connectionMade() {}

    @Override
    public void dataReceived(byte[] data) {
        IProtocol p = wrapped;
        if (p != null) {
            IBufferedProtocol.deliver(p, data);
        }
    }

    /** Passes the loss on to the protocol, then (even if it threw) tells the service. */
    @Override
    public void connectionLost(Failure reason) {
        lost = true;
        try {
            IProtocol p = wrapped;
            if (p != null) {
                p.connectionLost(reason);
            }
        } finally {
            lostNotification.accept(reason);
        }
    }

    @Override
    public String toString() {
        return "ReconnectingProtocolProxy wrapping " + wrapped;
    }

    /** The proxy of a half-closeable protocol. */
    private static final class HalfCloseable extends ReconnectingProtocolProxy implements IHalfCloseableProtocol {
        HalfCloseable(IProtocol wrapped, Consumer<Failure> lostNotification) {
            super(wrapped, lostNotification);
        }

        @Override
        public void readConnectionLost() {
            ((IHalfCloseableProtocol) requireWrapped()).readConnectionLost();
        }

        @Override
        public void writeConnectionLost() {
            ((IHalfCloseableProtocol) requireWrapped()).writeConnectionLost();
        }

        private IProtocol requireWrapped() {
            IProtocol p = wrapped;
            if (p == null) {
                throw new IllegalStateException("a half-closeable proxy always wraps a protocol");
            }
            return p;
        }
    }
}
