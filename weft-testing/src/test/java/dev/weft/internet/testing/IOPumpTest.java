package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.Protocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants 49–52, 55 and 57: connecting, moving bytes, flushing and exceptions. */
final class IOPumpTest {
    private final List<String> log = new ArrayList<>();

    private ConnectedPair<ProbeProtocol, ProbeProtocol> connected() {
        return IOPump.connectedServerAndClient(() -> new ProbeProtocol("S", log), () -> new ProbeProtocol("C", log));
    }

    /** Invariant 49: connect() makes the server's connection before the client's. */
    @Test
    void connectMakesTheServerConnectionBeforeTheClients() {
        ProbeProtocol server = new ProbeProtocol("S", log);
        ProbeProtocol client = new ProbeProtocol("C", log);

        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));

        assertThat(log).containsExactly("S:made", "C:made");
        assertThat(pump.server()).isSameAs(server);
        assertThat(pump.client()).isSameAs(client);
        assertThat(server.transport()).isSameAs(pump.serverIO());
        assertThat(client.transport()).isSameAs(pump.clientIO());
    }

    /** Invariant 49: connectedServerAndClient builds the client first and returns (client, server, pump). */
    @Test
    void connectedServerAndClientBuildsTheClientFirstAndReturnsClientServerAndPump() {
        List<String> built = new ArrayList<>();

        ConnectedPair<ProbeProtocol, ProbeProtocol> pair = IOPump.connectedServerAndClient(
                () -> {
                    built.add("server");
                    return new ProbeProtocol("S", log);
                },
                () -> {
                    built.add("client");
                    return new ProbeProtocol("C", log);
                });

        assertThat(built).containsExactly("client", "server");
        assertThat(pair.client().name).isEqualTo("C");
        assertThat(pair.server().name).isEqualTo("S");
        assertThat(pair.pump().client()).isSameAs(pair.client());
        assertThat(pair.pump().server()).isSameAs(pair.server());
        assertThat(log).containsExactly("S:made", "C:made");
    }

    @Test
    void connectFlushesTheGreetingOnlyWhenAskedTo() {
        ProbeProtocol greeter = new ProbeProtocol("S", log);
        greeter.onMade = p -> p.send("hello");
        ProbeProtocol client = new ProbeProtocol("C", log);

        IOPump pump = IOPump.connect(new FakeTransport(greeter, true), new FakeTransport(client, false), false);
        assertThat(client.received()).isEmpty();
        pump.flush();
        assertThat(client.received()).isEqualTo("hello");

        ProbeProtocol greeter2 = new ProbeProtocol("S2", log);
        greeter2.onMade = p -> p.send("hi");
        ProbeProtocol client2 = new ProbeProtocol("C2", log);
        IOPump.connect(new FakeTransport(greeter2, true), new FakeTransport(client2, false));
        assertThat(client2.received()).isEqualTo("hi");
    }

    /** Invariant 50: bytes written on a FakeTransport reach the peer only on pump(). */
    @Test
    void bytesReachThePeerOnlyWhenPumped() {
        var pair = connected();

        pair.client().send("abc");
        assertThat(pair.server().received()).isEmpty();
        assertThat(pair.pump().clientIO().pendingBytes()).isEqualTo("abc".getBytes(US_ASCII));

        pair.pump().pump();
        assertThat(pair.server().received()).isEqualTo("abc");
        assertThat(pair.pump().clientIO().pendingBytes()).isEmpty();
    }

    /** Invariant 50: bytes written while data is being delivered arrive on a later pump. */
    @Test
    void bytesWrittenDuringDeliveryArriveOnALaterPump() {
        var pair = connected();
        pair.server().onData = data -> pair.server().send("pong");

        pair.client().send("ping");
        pair.pump().pump();
        assertThat(pair.server().received()).isEqualTo("ping");
        assertThat(pair.client().received()).isEmpty();

        pair.pump().pump();
        assertThat(pair.client().received()).isEqualTo("pong");
    }

    /** Invariant 51: one pump delivers all pending writes of one side as a single dataReceived. */
    @Test
    void onePumpDeliversAllPendingWritesOfOneSideAsOneChunk() {
        var pair = connected();

        pair.client().send("a");
        pair.client().transport().writeSequence(List.of("b".getBytes(US_ASCII), "c".getBytes(US_ASCII)));
        pair.client().send("d");
        pair.pump().pump();

        assertThat(pair.server().chunkStrings()).containsExactly("abcd");
    }

    /** Invariant 51: client→server is delivered before server→client in the same pump. */
    @Test
    void onePumpDeliversClientToServerBeforeServerToClient() {
        var pair = connected();
        log.clear();

        pair.server().send("to-client");
        pair.client().send("to-server");
        pair.pump().pump();

        assertThat(log).containsExactly("S:data:to-server", "C:data:to-client");
    }

    /** Invariant 51: pump() returns true iff bytes moved (when no close is pending). */
    @Test
    void pumpReturnsTrueExactlyWhenBytesMoved() {
        var pair = connected();

        assertThat(pair.pump().pump()).isFalse();
        pair.server().send("x");
        assertThat(pair.pump().pump()).isTrue();
        assertThat(pair.pump().pump()).isFalse();
        pair.client().transport().write(new byte[0]);
        assertThat(pair.pump().pump()).isFalse();
        assertThat(pair.server().chunks).isEmpty();
    }

    @Test
    void pumpFeedsABufferedProtocolThroughItsOwnBuffer() {
        TinyBufferProtocol server = new TinyBufferProtocol();
        ProbeProtocol client = new ProbeProtocol("C", log);
        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));

        client.send("hello");
        pump.pump();

        assertThat(server.updates).containsExactly(2, 2, 1);
        assertThat(server.received.toString()).isEqualTo("hello");
        assertThat(server.dataReceivedCalls).isZero();
    }

    /** Invariant 52: pending bytes are delivered before the connectionLost a loseConnection causes. */
    @Test
    void pendingBytesInBothDirectionsArriveBeforeAnyConnectionLost() {
        var pair = connected();
        log.clear();

        pair.server().send("last words");
        pair.client().send("late reply");
        pair.server().transport().loseConnection();
        pair.pump().flush();

        assertThat(log)
                .containsExactly(
                        "S:data:late reply", "C:data:last words", "C:lost:ConnectionDone", "S:lost:ConnectionDone");
    }

    /** Invariant 55: flush() returns false when nothing was pending, true when something moved. */
    @Test
    void flushReportsWhetherAnythingMoved() {
        var pair = connected();

        assertThat(pair.pump().flush()).isFalse();
        pair.client().send("x");
        assertThat(pair.pump().flush()).isTrue();
        assertThat(pair.pump().flush()).isFalse();
    }

    /** Invariant 55: more than 1000 consecutive productive pumps fail with AssertionError("Too long"). */
    @Test
    void flushGivesUpWithTooLongWhenTheProtocolsPingPongForever() {
        var pair = connected();
        pair.server().onData = data -> pair.server().send("pong");
        pair.client().onData = data -> pair.client().send("ping");

        pair.client().send("ping");

        assertThatThrownBy(pair.pump()::flush)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Too long");
        assertThat(pair.server().chunks.size() + pair.client().chunks.size()).isEqualTo(IOPump.FLUSH_LIMIT);
    }

    /** Invariant 57: an exception raised in dataReceived under pump() propagates to the caller. */
    @Test
    void exceptionFromDataReceivedPropagatesOutOfPumpAndLeavesThePumpUsable() {
        var pair = connected();
        IllegalStateException boom = new IllegalStateException("boom");
        pair.server().onData = data -> {
            pair.server().onData = null;
            throw boom;
        };

        pair.client().send("first");
        assertThatThrownBy(pair.pump()::pump).isSameAs(boom);
        assertThat(pair.server().reasons).isEmpty();
        assertThat(pair.client().reasons).isEmpty();

        pair.client().send("second");
        pair.pump().flush();
        assertThat(pair.server().received()).isEqualTo("firstsecond");
    }

    @Test
    void exceptionFromFlushPropagatesToo() {
        var pair = connected();
        pair.client().onLost = reason -> {
            throw new UnsupportedOperationException("in connectionLost");
        };

        pair.server().transport().loseConnection();

        assertThatThrownBy(pair.pump()::flush)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("in connectionLost");
    }

    /** A protocol that offers a two-byte buffer, to show the pump uses IBufferedProtocol.deliver. */
    private static final class TinyBufferProtocol extends Protocol implements IBufferedProtocol {
        final List<Integer> updates = new ArrayList<>();
        final StringBuilder received = new StringBuilder();
        final ByteBuffer buffer = ByteBuffer.allocate(2);
        int dataReceivedCalls;

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            buffer.clear();
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            updates.add(nbytes);
            received.append(new String(buffer.array(), buffer.position() - nbytes, nbytes, US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            dataReceivedCalls++;
        }
    }
}
