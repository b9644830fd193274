package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A client factory that records its whole lifecycle, and that of the protocols it builds, as strings;
 * {@link #stopped} fires at stopFactory. Confined to the reactor thread.
 */
class OrderFactory extends ClientFactory {
    final List<String> events = new ArrayList<>();
    final List<IConnector> connectors = new ArrayList<>();
    final Deferred<Void> stopped = new Deferred<>();
    final Deferred<Void> made = new Deferred<>();

    @Nullable
    Failure failReason;

    @Nullable
    Failure lostReason;

    @Nullable
    Protocol lastProtocol;

    boolean insideConnect;

    @Override
    protected void startFactory() {
        events.add("startFactory");
    }

    @Override
    public void startedConnecting(IConnector connector) {
        connectors.add(connector);
        events.add("startedConnecting" + (insideConnect ? " inside connect" : ""));
    }

    @Override
    public @Nullable IProtocol buildProtocol(IAddress addr) {
        events.add("buildProtocol " + addr);
        Protocol p = new Protocol() {
            @Override
            public void connectionMade() {
                events.add("connectionMade");
                if (!made.isCalled()) {
                    made.callback(null);
                }
            }

            @Override
            public void connectionLost(Failure reason) {
                events.add("connectionLost " + reason.type().getSimpleName());
            }
        };
        p.setFactory(this);
        lastProtocol = p;
        return p;
    }

    @Override
    public void clientConnectionFailed(IConnector connector, Failure reason) {
        connectors.add(connector);
        failReason = reason;
        events.add("clientConnectionFailed " + reason.type().getSimpleName());
    }

    @Override
    public void clientConnectionLost(IConnector connector, Failure reason) {
        connectors.add(connector);
        lostReason = reason;
        events.add("clientConnectionLost " + reason.type().getSimpleName());
    }

    @Override
    protected void stopFactory() {
        events.add("stopFactory");
        if (!stopped.isCalled()) {
            stopped.callback(null);
        }
    }

    /** Calls connectTCP with {@link #insideConnect} up, so startedConnecting can tell. */
    IConnector connectTCP(NioReactor reactor, String host, int port, double timeout) {
        insideConnect = true;
        try {
            return reactor.connectTCP(host, port, this, timeout, null);
        } finally {
            insideConnect = false;
        }
    }
}
