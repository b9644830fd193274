package dev.weft.internet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants 53 and 54, and weft's real-TCP abort: how closes travel through the pump. */
final class IOPumpCloseTest {
    private final List<String> log = new ArrayList<>();

    private ConnectedPair<ProbeProtocol, ProbeProtocol> connected() {
        var pair =
                IOPump.connectedServerAndClient(() -> new ProbeProtocol("S", log), () -> new ProbeProtocol("C", log));
        log.clear();
        return pair;
    }

    /** Invariant 53: after server.loseConnection the client is told on one pump, the server on the next. */
    @Test
    void serverCloseReachesTheClientOnOnePumpAndTheServerOnTheNext() {
        var pair = connected();

        pair.server().transport().loseConnection();
        assertThat(log).isEmpty();

        assertThat(pair.pump().pump()).isTrue();
        assertThat(log).containsExactly("C:lost:ConnectionDone");
        assertThat(pair.pump().pump()).isTrue();
        assertThat(log).containsExactly("C:lost:ConnectionDone", "S:lost:ConnectionDone");
        assertThat(pair.pump().pump()).isFalse();
        assertThat(pair.client().reasons)
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isExactlyInstanceOf(ConnectionDone.class));
        assertThat(pair.server().reasons)
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isExactlyInstanceOf(ConnectionDone.class));
    }

    /** Invariant 53: the same for a client-initiated close, mirrored. */
    @Test
    void clientCloseReachesTheServerOnOnePumpAndTheClientOnTheNext() {
        var pair = connected();

        pair.client().transport().loseConnection();

        assertThat(pair.pump().pump()).isTrue();
        assertThat(log).containsExactly("S:lost:ConnectionDone");
        assertThat(pair.pump().pump()).isTrue();
        assertThat(log).containsExactly("S:lost:ConnectionDone", "C:lost:ConnectionDone");
        assertThat(pair.pump().pump()).isFalse();
    }

    @Test
    void closingBothSidesAtOnceGivesEachExactlyOneConnectionDone() {
        var pair = connected();

        pair.server().transport().loseConnection();
        pair.client().transport().loseConnection();
        pair.pump().flush();

        assertThat(log).containsExactlyInAnyOrder("S:lost:ConnectionDone", "C:lost:ConnectionDone");
        pair.server().transport().loseConnection();
        assertThat(pair.pump().flush()).isFalse();
    }

    @Test
    void transportFlagsFollowTheClose() {
        var pair = connected();
        FakeTransport server = pair.pump().serverIO();
        FakeTransport client = pair.pump().clientIO();
        assertThat(server.isConnected()).isTrue();
        assertThat(server.isDisconnecting()).isFalse();

        server.loseConnection();
        assertThat(server.isDisconnecting()).isTrue();
        assertThat(server.isDisconnected()).isFalse();

        pair.pump().pump();
        assertThat(client.isDisconnected()).isTrue();
        assertThat(client.isConnected()).isFalse();
        assertThat(server.isConnected()).isTrue();

        pair.pump().pump();
        assertThat(server.isDisconnected()).isTrue();
        assertThat(server.getHost()).isEqualTo(FakeTransport.DEFAULT_SERVER_ADDRESS);
        assertThat(server.getPeer()).isEqualTo(FakeTransport.DEFAULT_CLIENT_ADDRESS);
    }

    /** Invariant 54: writes made after a side's own loseConnection are dropped. */
    @Test
    void writesAfterOwnLoseConnectionAreDropped() {
        var pair = connected();

        pair.server().send("kept");
        pair.server().transport().loseConnection();
        pair.server().send("dropped");
        pair.pump().flush();

        assertThat(pair.client().received()).isEqualTo("kept");
    }

    /** Invariant 54: the side that closed still receives the peer's pending bytes (unlike real TCP). */
    @Test
    void sideThatClosedStillReceivesThePeersPendingBytes() {
        var pair = connected();

        pair.client().send("late");
        pair.server().transport().loseConnection();
        pair.pump().flush();

        assertThat(pair.server().received()).isEqualTo("late");
        assertThat(log).containsExactly("S:data:late", "C:lost:ConnectionDone", "S:lost:ConnectionDone");
    }

    @Test
    void writesAfterConnectionLostAreIgnored() {
        var pair = connected();
        pair.client().transport().loseConnection();
        pair.pump().flush();

        pair.server().send("into the void");
        pair.client().send("also gone");

        assertThat(pair.pump().flush()).isFalse();
        assertThat(pair.client().chunks).isEmpty();
        assertThat(pair.server().chunks).isEmpty();
    }

    /** weft's abort follows real TCP: ConnectionAborted here, ConnectionLost at the peer, a pump apart. */
    @Test
    void abortGivesTheAbortingSideConnectionAbortedAndThePeerConnectionLost() {
        var pair = connected();

        pair.client().transport().abortConnection();
        assertThat(log).as("never delivered re-entrantly").isEmpty();

        assertThat(pair.pump().pump()).isTrue();
        assertThat(log).containsExactly("C:lost:ConnectionAborted");
        assertThat(pair.pump().pump()).isTrue();
        assertThat(log).containsExactly("C:lost:ConnectionAborted", "S:lost:ConnectionLost");
        assertThat(pair.pump().pump()).isFalse();
        assertThat(pair.client().reasons.get(0).value()).isExactlyInstanceOf(ConnectionAborted.class);
        assertThat(pair.server().reasons.get(0).value()).isExactlyInstanceOf(ConnectionLost.class);
    }

    /**
     * Unlike Twisted's iosim (which delivers buffered data and ConnectionDone on abort), weft drops
     * the bytes queued in both directions, as real TCP does.
     */
    @Test
    void abortDropsTheBytesQueuedInBothDirections() {
        var pair = connected();

        pair.client().send("unsent request");
        pair.server().send("unsent response");
        pair.client().transport().abortConnection();
        pair.server().send("written before the reset arrived");
        pair.pump().flush();

        assertThat(pair.server().chunks).isEmpty();
        assertThat(pair.client().chunks).isEmpty();
        assertThat(log).containsExactly("C:lost:ConnectionAborted", "S:lost:ConnectionLost");
    }

    @Test
    void abortAfterLoseConnectionStillAbortsAndRepeatingItIsHarmless() {
        var pair = connected();

        pair.server().send("pending");
        pair.server().transport().loseConnection();
        pair.server().transport().abortConnection();
        pair.server().transport().abortConnection();
        pair.pump().flush();

        assertThat(pair.client().chunks).isEmpty();
        assertThat(log).containsExactly("S:lost:ConnectionAborted", "C:lost:ConnectionLost");
    }

    @Test
    void abortAfterConnectionLostDoesNothing() {
        var pair = connected();
        pair.server().transport().loseConnection();
        pair.pump().flush();

        pair.server().transport().abortConnection();
        pair.client().transport().abortConnection();

        assertThat(pair.pump().flush()).isFalse();
        assertThat(log).containsExactly("C:lost:ConnectionDone", "S:lost:ConnectionDone");
    }
}
