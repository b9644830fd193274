package dev.weft.internet.nio;

import dev.weft.defer.Deferred;
import dev.weft.defer.DeferredList;
import dev.weft.internet.IConnector;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.util.List;

/** A connected pair over real TCP on 127.0.0.1 (or a UNIX socket), made on a running reactor. */
final class TcpPair {
    final AccumulatingServerFactory serverFactory;
    final AccumulatingClientFactory clientFactory;
    final IListeningPort port;
    final IConnector connector;
    final AccumulatingProtocol server;
    final AccumulatingProtocol client;
    final Deferred<Void> serverClosed;
    final Deferred<Void> clientClosed;

    private TcpPair(
            AccumulatingServerFactory serverFactory,
            AccumulatingClientFactory clientFactory,
            IListeningPort port,
            IConnector connector,
            AccumulatingProtocol server,
            AccumulatingProtocol client,
            Deferred<Void> serverClosed,
            Deferred<Void> clientClosed) {
        this.serverFactory = serverFactory;
        this.clientFactory = clientFactory;
        this.port = port;
        this.connector = connector;
        this.server = server;
        this.client = client;
        this.serverClosed = serverClosed;
        this.clientClosed = clientClosed;
    }

    static TcpPair open(ReactorThread rt) {
        return open(rt, new AccumulatingServerFactory(Sink::new), new AccumulatingClientFactory(Sink::new), null);
    }

    static TcpPair openUnix(ReactorThread rt, String path) {
        return open(rt, new AccumulatingServerFactory(Sink::new), new AccumulatingClientFactory(Sink::new), path);
    }

    /** Listens (TCP on 127.0.0.1:0, or UNIX at {@code unixPath}), connects, and waits for both protocols. */
    static TcpPair open(ReactorThread rt, AccumulatingServerFactory sf, AccumulatingClientFactory cf, String unixPath) {
        NioReactor reactor = rt.reactor();
        Object[] made = new Object[6];
        rt.await(() -> {
            Deferred<AccumulatingProtocol> s = new Deferred<>();
            Deferred<AccumulatingProtocol> c = new Deferred<>();
            Deferred<Void> sLost = new Deferred<>();
            Deferred<Void> cLost = new Deferred<>();
            sf.setProtocolConnectionMade(s);
            cf.setProtocolConnectionMade(c);
            sf.setProtocolConnectionLost(sLost);
            cf.setProtocolConnectionLost(cLost);
            IListeningPort port;
            IConnector connector;
            if (unixPath == null) {
                port = reactor.listenTCP(0, sf, 50, "127.0.0.1");
                connector = reactor.connectTCP("127.0.0.1", ((IPv4Address) port.getHost()).port(), cf);
            } else {
                port = reactor.listenUNIX(unixPath, sf);
                connector = reactor.connectUNIX(unixPath, cf);
            }
            made[0] = port;
            made[1] = connector;
            made[4] = sLost;
            made[5] = cLost;
            return DeferredList.gatherResults(List.of(s, c)).addCallback(both -> {
                made[2] = both.get(0);
                made[3] = both.get(1);
                return null;
            });
        });
        @SuppressWarnings("unchecked")
        TcpPair pair = new TcpPair(
                sf,
                cf,
                (IListeningPort) made[0],
                (IConnector) made[1],
                (AccumulatingProtocol) made[2],
                (AccumulatingProtocol) made[3],
                (Deferred<Void>) made[4],
                (Deferred<Void>) made[5]);
        return pair;
    }

    Sink serverSink() {
        return (Sink) server;
    }

    Sink clientSink() {
        return (Sink) client;
    }

    INioTransport serverTransport() {
        return (INioTransport) server.transport();
    }

    INioTransport clientTransport() {
        return (INioTransport) client.transport();
    }

    /** Waits for both sides' connectionLost. */
    void awaitBothClosed(ReactorThread rt) {
        rt.await(() -> DeferredList.gatherResults(List.of(serverClosed, clientClosed)));
    }
}
