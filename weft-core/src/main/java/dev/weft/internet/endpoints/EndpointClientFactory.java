package dev.weft.internet.endpoints;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnectionMadeListener;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.NotConnectingError;
import org.jspecify.annotations.Nullable;

/**
 * The client factory a client endpoint passes to the reactor: Twisted's {@code _WrappingFactory}. Fires its Deferred
 * once, with the protocol once its {@code connectionMade} has returned, or with the failure. A connector that reports
 * {@code connectionMade} (the reactor's) gets the protocol itself; any other (the memory reactors') gets an {@link
 * EndpointProtocol} around it, which fires the Deferred from its {@code makeConnection}. Confined to the reactor thread.
 */
final class EndpointClientFactory extends ClientFactory implements IConnectionMadeListener {
    private final IProtocolFactory wrapped;
    private final Deferred<IProtocol> result;
    private @Nullable IConnector connector;
    private boolean settled;

    EndpointClientFactory(IProtocolFactory wrapped) {
        this.wrapped = wrapped;
        this.result = new Deferred<>(d -> cancel());
        setNoisy(false);
    }

    Deferred<IProtocol> attach(IConnector attempt) {
        this.connector = attempt;
        return result;
    }

    @Override
    public @Nullable IProtocol buildProtocol(IAddress addr) {
        IProtocol protocol = wrapped.buildProtocol(addr);
        if (protocol == null || reportsMade()) {
            return protocol;
        }
        return EndpointProtocol.wrap(protocol, this::succeed, this::fail);
    }

    private boolean reportsMade() {
        IConnector c = connector;
        return c != null && c.reportsConnectionMade();
    }

    @Override
    public void connectionMade(IProtocol protocol) {
        succeed(protocol);
    }

    @Override
    public void clientConnectionFailed(IConnector c, Failure reason) {
        fail(reason);
    }

    @Override
    public void clientConnectionLost(IConnector c, Failure reason) {
        fail(reason);
    }

    @Override
    public void doStart() {
        wrapped.doStart();
    }

    @Override
    public void doStop() {
        wrapped.doStop();
    }

    private void succeed(IProtocol protocol) {
        if (!settled) {
            settled = true;
            result.callback(protocol);
        }
    }

    private void fail(Failure reason) {
        if (!settled) {
            settled = true;
            result.errback(reason);
        }
    }

    private void cancel() {
        if (settled) {
            return;
        }
        settled = true;
        IConnector c = connector;
        if (c != null) {
            try {
                c.stopConnecting();
            } catch (NotConnectingError e) {
                c.disconnect();
            }
        }
    }

    @Override
    public String toString() {
        return "endpoint factory for " + wrapped;
    }
}
