package dev.weft.junit;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.BaseProtocol;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.IAddress;
import dev.weft.internet.IConnector;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITransport;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TransportContract.Fixture} over real sockets: a {@link NioReactor} stepped on the test
 * thread with {@link NioReactor#runOnce(Duration)} (so the test thread is the reactor thread and may
 * call the transport directly), the local protocol as a TCP or UNIX-domain client, and an {@link
 * AccumulatingProtocol} as the server-side peer.
 */
final class SteppedSocketFixture implements TransportContract.Fixture {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final NioReactor reactor = new NioReactor(1);
    private final ITransport transport;
    private final Deferred<AccumulatingProtocol> peerMade = new Deferred<>();
    private @Nullable AccumulatingProtocol peer;
    private boolean built;

    SteppedSocketFixture(IProtocol local, @Nullable String unixPath) {
        AccumulatingServerFactory peerFactory = new AccumulatingServerFactory();
        peerFactory.setNoisy(false);
        peerFactory.setProtocolConnectionMade(peerMade);
        peerMade.addCallback(p -> peer = p);
        IConnector connector;
        ClientFactory localFactory = new ClientFactory() {
            @Override
            public IProtocol buildProtocol(IAddress addr) {
                built = true;
                return local;
            }
        };
        localFactory.setNoisy(false);
        if (unixPath == null) {
            int port = ((IPv4Address)
                            reactor.listenTCP(0, peerFactory, 50, "127.0.0.1").getHost())
                    .port();
            connector = reactor.connectTCP("127.0.0.1", port, localFactory);
        } else {
            reactor.listenUNIX(unixPath, peerFactory);
            connector = reactor.connectUNIX(unixPath, localFactory);
        }
        runUntil(() -> built && peer != null);
        ITransport t = built && local instanceof BaseProtocol p && p.isConnected() ? p.transport() : null;
        if (!built || peer == null || t == null) {
            reactor.close();
            throw new IllegalStateException("the connection was not made within " + DEADLINE);
        }
        transport = t;
    }

    @Override
    public ITransport transport() {
        return transport;
    }

    @Override
    public void runUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            reactor.runOnce(Duration.ofMillis(10));
        }
    }

    @Override
    public void settle() {
        for (int i = 0; i < 20; i++) {
            reactor.runOnce(Duration.ofMillis(1));
        }
    }

    private AccumulatingProtocol peer() {
        AccumulatingProtocol p = peer;
        if (p == null) {
            throw new IllegalStateException("no peer");
        }
        return p;
    }

    @Override
    public byte[] peerReceived() {
        return peer().data();
    }

    @Override
    public @Nullable Failure peerLostReason() {
        return peer().closedReason();
    }

    @Override
    public void peerWrite(byte[] data) {
        peer().transport().write(data);
    }

    @Override
    public void peerLoseConnection() {
        peer().transport().loseConnection();
    }

    @Override
    public void close() {
        reactor.close();
    }
}
