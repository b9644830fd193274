package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Half-close reaches the peer: Twisted's iosim ignores loseWriteConnection; weft carries it as real
 * TCP does (invariant 79's behaviour, in memory).
 */
final class IOPumpHalfCloseTest {
    private final List<String> log = new ArrayList<>();

    private <C extends ProbeProtocol, S extends ProbeProtocol> ConnectedPair<C, S> connect(S server, C client) {
        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));
        log.clear();
        return new ConnectedPair<>(client, server, pump);
    }

    @Test
    void halfCloseGivesTheLocalSideWriteConnectionLostAndThePeerReadConnectionLost() {
        var pair = connect(new HalfCloseProbeProtocol("S", log), new HalfCloseProbeProtocol("C", log));

        pair.client().fakeTransport().loseWriteConnection();
        assertThat(log).isEmpty();
        assertThat(pair.pump().pump()).isTrue();

        assertThat(log).containsExactly("C:write-lost", "S:read-lost");
        assertThat(pair.pump().pump()).isFalse();
        assertThat(pair.pump().serverIO().isConnected()).isTrue();
        assertThat(pair.pump().clientIO().isConnected()).isTrue();
    }

    @Test
    void halfCloseArrivesAfterTheBytesWrittenBeforeIt() {
        var pair = connect(new HalfCloseProbeProtocol("S", log), new HalfCloseProbeProtocol("C", log));

        pair.client().send("request");
        pair.client().fakeTransport().loseWriteConnection();
        pair.pump().flush();

        assertThat(log).containsExactly("S:data:request", "C:write-lost", "S:read-lost");
    }

    @Test
    void peerMayStillWriteBackAfterAHalfCloseAndTheHalfClosedSideReceivesIt() {
        HalfCloseProbeProtocol server = new HalfCloseProbeProtocol("S", log);
        HalfCloseProbeProtocol client = new HalfCloseProbeProtocol("C", log);
        server.onReadLost = () -> {
            server.send("response");
            server.transport().loseConnection();
        };
        client.onReadLost = () -> client.transport().loseConnection();
        var pair = connect(server, client);

        pair.client().send("request");
        pair.client().fakeTransport().loseWriteConnection();
        pair.pump().flush();

        assertThat(client.received()).isEqualTo("response");
        assertThat(log)
                .containsExactly(
                        "S:data:request",
                        "C:write-lost",
                        "S:read-lost",
                        "C:data:response",
                        "C:read-lost",
                        // Each side's two directions have ended: the client's now, the server's with the end
                        // of stream it just sent; each is lost at once, as by the reactor.
                        "C:lost:ConnectionDone",
                        "S:lost:ConnectionDone");
    }

    @Test
    void writesAfterLoseWriteConnectionAreDropped() {
        var pair = connect(new HalfCloseProbeProtocol("S", log), new HalfCloseProbeProtocol("C", log));

        pair.client().fakeTransport().loseWriteConnection();
        pair.client().send("too late");
        pair.pump().flush();

        assertThat(pair.server().chunks).isEmpty();
    }

    @Test
    void halfCloseToAPeerThatIsNotHalfCloseableIsAFullClose() {
        var pair = connect(new ProbeProtocol("S", log), new HalfCloseProbeProtocol("C", log));
        pair.client().onReadLost = () -> pair.client().transport().loseConnection();

        pair.client().fakeTransport().loseWriteConnection();
        pair.pump().flush();

        assertThat(log)
                .containsExactly("C:write-lost", "S:lost:ConnectionDone", "C:read-lost", "C:lost:ConnectionDone");
    }

    @Test
    void halfCloseFromASideThatIsNotHalfCloseableEndsWithConnectionDoneOnBothSides() {
        var pair = connect(new ProbeProtocol("S", log), new ProbeProtocol("C", log));

        pair.client().fakeTransport().loseWriteConnection();
        pair.pump().flush();

        assertThat(log).containsExactly("S:lost:ConnectionDone", "C:lost:ConnectionDone");
    }

    /**
     * On the wire a close looks like a half-close, so a half-closeable peer of a full close gets
     * readConnectionLost (and must close itself), as on real TCP; Twisted's iosim gives it
     * connectionLost.
     */
    @Test
    void fullCloseReachesAHalfCloseablePeerAsReadConnectionLost() {
        HalfCloseProbeProtocol client = new HalfCloseProbeProtocol("C", log);
        client.onReadLost = () -> client.transport().loseConnection();
        var pair = connect(new ProbeProtocol("S", log), client);

        pair.server().transport().loseConnection();
        pair.pump().flush();

        assertThat(log).containsExactly("C:read-lost", "S:lost:ConnectionDone", "C:lost:ConnectionDone");
    }

    @Test
    void loseConnectionAfterAHalfCloseFinishesWithoutWriteConnectionLostIfNotYetSent() {
        var pair = connect(new HalfCloseProbeProtocol("S", log), new HalfCloseProbeProtocol("C", log));
        pair.server().onReadLost = () -> pair.server().transport().loseConnection();

        pair.client().send("x");
        pair.client().fakeTransport().loseWriteConnection();
        pair.client().transport().loseConnection();
        pair.pump().flush();

        assertThat(log).containsExactly("S:data:x", "S:read-lost", "C:lost:ConnectionDone", "S:lost:ConnectionDone");
    }
}
