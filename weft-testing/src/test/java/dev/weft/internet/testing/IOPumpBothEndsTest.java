package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ITCPTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A half-closeable side whose two directions have both ended gets {@code connectionLost(ConnectionDone)} without
 * closing itself, as from the reactor's TCP transport ({@code HalfCloseTest} in weft-reactor): its own write side
 * closed first and then the peer's end of stream arrived, or the other way round; for the client and the server; with
 * the bytes of both directions fed whole, split at every boundary and one byte at a time.
 */
final class IOPumpBothEndsTest {
    private static final byte[] REQUEST = "GET /a\nHost: b\n".getBytes(US_ASCII);
    private static final byte[] ANSWER = "200 ok\nbody:xy\n".getBytes(US_ASCII); // as long: one set of splits

    /** Who half-closes first: that side ends writing, then reading; the other reading, then writing. */
    enum First {
        CLIENT,
        SERVER
    }

    /** How the second side ends its writes once the first side's end of stream reached it. */
    enum Second {
        /** {@code loseWriteConnection} from inside its {@code readConnectionLost}. */
        HALF_CLOSE_IN_CALLBACK,
        /** {@code loseWriteConnection} later, after the pump went idle. */
        HALF_CLOSE_LATER,
        /** {@code loseConnection} from inside its {@code readConnectionLost}: the first side still only half-closed. */
        FULL_CLOSE_IN_CALLBACK
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        List<Split> splits = Chunking.standard().splits(REQUEST.length).toList();
        for (First first : First.values()) {
            for (Second second : Second.values()) {
                for (Split split : splits) {
                    all.add(Arguments.of(first, second, split));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} first, then {1}, {2}")
    @MethodSource("cases")
    void aSideWhoseTwoDirectionsEndedIsLostWithConnectionDone(First first, Second second, Split split) {
        List<String> log = new ArrayList<>();
        HalfCloseProbeProtocol server = new HalfCloseProbeProtocol("S", log);
        HalfCloseProbeProtocol client = new HalfCloseProbeProtocol("C", log);
        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));
        log.clear();
        HalfCloseProbeProtocol opener = first == First.CLIENT ? client : server;
        HalfCloseProbeProtocol other = first == First.CLIENT ? server : client;
        if (second != Second.HALF_CLOSE_LATER) {
            other.onReadLost = () -> {
                split.pieces(ANSWER).forEach(piece -> other.transport().write(piece));
                if (second == Second.FULL_CLOSE_IN_CALLBACK) {
                    other.transport().loseConnection();
                } else {
                    ((ITCPTransport) other.transport()).loseWriteConnection();
                }
            };
        }

        for (byte[] piece : split.pieces(REQUEST)) {
            opener.transport().write(piece);
            pump.pump();
        }
        opener.fakeTransport().loseWriteConnection();
        pump.flush();
        if (second == Second.HALF_CLOSE_LATER) {
            assertThat(other.fakeTransport().isConnected()).isTrue();
            for (byte[] piece : split.pieces(ANSWER)) {
                other.transport().write(piece);
                pump.pump();
            }
            other.fakeTransport().loseWriteConnection();
            pump.flush();
        }

        String o = other.name;
        String f = opener.name;
        List<String> expected = second == Second.FULL_CLOSE_IN_CALLBACK
                ? List.of(
                        f + ":write-lost",
                        o + ":read-lost",
                        f + ":read-lost",
                        f + ":lost:ConnectionDone",
                        o + ":lost:ConnectionDone")
                : List.of(
                        f + ":write-lost",
                        o + ":read-lost",
                        o + ":write-lost",
                        f + ":read-lost",
                        f + ":lost:ConnectionDone",
                        o + ":lost:ConnectionDone");
        assertThat(log.stream().filter(e -> !e.contains(":data:")))
                .as("the close events of both sides")
                .containsExactlyElementsOf(expected);
        assertThat(other.received()).isEqualTo(new String(REQUEST, US_ASCII));
        assertThat(opener.received()).isEqualTo(new String(ANSWER, US_ASCII));
        for (HalfCloseProbeProtocol p : List.of(client, server)) {
            assertThat(p.reasons).as(p.name + "'s connectionLost").hasSize(1);
            assertThat(p.reasons.get(0).value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(p.fakeTransport().isDisconnected()).isTrue();
        }
        assertThat(pump.flush()).isFalse();
    }

    /** The peer closed fully; then this side ends its writes: it hears writeConnectionLost and is lost. */
    @ParameterizedTest
    @EnumSource(First.class)
    void loseWriteConnectionAfterThePeersFullCloseLosesTheConnection(First closer) {
        List<String> log = new ArrayList<>();
        HalfCloseProbeProtocol server = new HalfCloseProbeProtocol("S", log);
        HalfCloseProbeProtocol client = new HalfCloseProbeProtocol("C", log);
        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));
        log.clear();
        HalfCloseProbeProtocol full = closer == First.CLIENT ? client : server;
        HalfCloseProbeProtocol half = closer == First.CLIENT ? server : client;

        full.transport().loseConnection();
        pump.flush();
        assertThat(log).containsExactly(half.name + ":read-lost", full.name + ":lost:ConnectionDone");
        assertThat(half.fakeTransport().isConnected()).isTrue();

        half.fakeTransport().loseWriteConnection();
        assertThat(pump.flush()).isTrue();

        assertThat(log)
                .containsExactly(
                        half.name + ":read-lost",
                        full.name + ":lost:ConnectionDone",
                        half.name + ":write-lost",
                        half.name + ":lost:ConnectionDone");
        assertThat(half.reasons.get(0).value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    static Stream<Arguments> loopbackCases() {
        return Stream.of(First.values())
                .flatMap(first -> Chunking.standard().splits(REQUEST.length).map(split -> Arguments.of(first, split)));
    }

    /** {@code loopbackAsync} ends a conversation that two half-closes finish, with no {@code loseConnection}. */
    @ParameterizedTest(name = "{0} first, {1}")
    @MethodSource("loopbackCases")
    void loopbackEndsWhenBothSidesHaveHalfClosed(First first, Split split) {
        List<String> log = new ArrayList<>();
        HalfCloseProbeProtocol server = new HalfCloseProbeProtocol("S", log);
        HalfCloseProbeProtocol client = new HalfCloseProbeProtocol("C", log);
        HalfCloseProbeProtocol opener = first == First.CLIENT ? client : server;
        HalfCloseProbeProtocol other = first == First.CLIENT ? server : client;
        opener.onMade = p -> {
            split.pieces(REQUEST).forEach(piece -> p.transport().write(piece));
            ((ITCPTransport) p.transport()).loseWriteConnection();
        };
        other.onReadLost = () -> {
            other.transport().write(ANSWER.clone());
            ((ITCPTransport) other.transport()).loseWriteConnection();
        };

        Deferred<Void> done = Loopback.loopbackAsync(server, client);

        assertThat(successResultOf(done)).isNull();
        assertThat(other.received()).isEqualTo(new String(REQUEST, US_ASCII));
        assertThat(opener.received()).isEqualTo(new String(ANSWER, US_ASCII));
        assertThat(log).endsWith("S:lost:ConnectionDone", "C:lost:ConnectionDone");
    }
}
