package dev.weft.internet.endpoints;

import dev.weft.defer.Failure;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.ITransport;
import java.util.function.Consumer;

/**
 * Twisted's {@code _WrappingProtocol}: stands for the endpoint's protocol where the connector does not report {@code
 * connectionMade} (the memory reactors), and fires the endpoint's Deferred once that protocol's {@code connectionMade}
 * has returned. Passes every other event through. Confined to the reactor thread.
 */
class EndpointProtocol implements IProtocol {
    final IProtocol wrapped;
    private final Consumer<IProtocol> made;
    private final Consumer<Failure> failed;

    EndpointProtocol(IProtocol wrapped, Consumer<IProtocol> made, Consumer<Failure> failed) {
        this.wrapped = wrapped;
        this.made = made;
        this.failed = failed;
    }

    /** Wraps {@code protocol}, half-closeable if it is, as Twisted's wrapper provides its interfaces. */
    static EndpointProtocol wrap(IProtocol protocol, Consumer<IProtocol> made, Consumer<Failure> failed) {
        return protocol instanceof IHalfCloseableProtocol
                ? new HalfCloseable(protocol, made, failed)
                : new EndpointProtocol(protocol, made, failed);
    }

    /** Connects the wrapped protocol, then fires the Deferred; an exception from it fails the Deferred and goes on. */
    @Override
    public void makeConnection(ITransport transport) {
        try {
            wrapped.makeConnection(transport);
        } catch (RuntimeException e) {
            failed.accept(new Failure(e));
            throw e;
        }
        made.accept(wrapped);
    }

    /** Does nothing: {@link #makeConnection} calls the wrapped protocol's, which calls its own. */
    @Override
    public void connectionMade() {}

    @Override
    public void dataReceived(byte[] data) {
        wrapped.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        wrapped.connectionLost(reason);
    }

    @Override
    public String toString() {
        return wrapped.toString();
    }

    /** The wrapper of a half-closeable protocol. */
    private static final class HalfCloseable extends EndpointProtocol implements IHalfCloseableProtocol {
        HalfCloseable(IProtocol wrapped, Consumer<IProtocol> made, Consumer<Failure> failed) {
            super(wrapped, made, failed);
        }

        @Override
        public void readConnectionLost() {
            ((IHalfCloseableProtocol) wrapped).readConnectionLost();
        }

        @Override
        public void writeConnectionLost() {
            ((IHalfCloseableProtocol) wrapped).writeConnectionLost();
        }
    }
}
