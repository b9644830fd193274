package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.testing.MemoryReactor;
import dev.weft.internet.testing.MemoryReactorClock;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code handshakeTimeout=} on {@code ssl:} and {@code tls:} strings, on a memory reactor's clock: seconds
 * as {@code timeout=} takes them, {@code 0} or {@code none} for none, and a clear error otherwise; a
 * ClientHello cut anywhere and left unfinished is timed out, a handshake split every way that completes
 * in time is not.
 */
class TlsEndpointsHandshakeTimeoutTest {
    private final MemoryReactorClock reactor = new MemoryReactorClock();

    @TempDir
    Path dir;

    /** The TLS factory an {@code ssl:} string listens with, given the server's identity. */
    private IProtocolFactory listening(String description) {
        TlsEndpoints.serverFromString(reactor, description, "", 50, Tls.identity(Tls.SERVER))
                .listen(ServerFactory.forProtocol(Peer::new));
        return reactor.tcpServers().get(reactor.tcpServers().size() - 1).factory();
    }

    /** One server connection of {@code factory} over a StringTransport; returns its wrapped Peer. */
    private static Connected connect(IProtocolFactory factory) {
        StringTransport io = new StringTransport();
        TLSMemoryBIOProtocol tls = (TLSMemoryBIOProtocol) factory.buildProtocol(io.getPeer());
        tls.makeConnection(io);
        return new Connected((Peer) tls.wrappedProtocol(), tls, io);
    }

    private record Connected(Peer peer, TLSMemoryBIOProtocol tls, StringTransport io) {
        /** What the wrapped protocol is told once its aborted transport reports the loss. */
        TLSError lost() {
            assertThat(io.isDisconnecting()).as("TLS aborted the transport").isTrue();
            tls.connectionLost(new Failure(new ConnectionAborted()));
            return (TLSError) peer.reason.value();
        }
    }

    /** A real ClientHello, as a weft client sends it. */
    private static byte[] clientHello() {
        StringTransport io = new StringTransport();
        new TLSMemoryBIOProtocol(Tls.client(), new Peer()).makeConnection(io);
        return io.value();
    }

    @ParameterizedTest
    @CsvSource({"5, 5000", "2.5, 2500", "0.25, 250", ".5, 500", "30., 30000"})
    void anSslServerTimesOutAStalledHandshakeAfterTheSecondsGiven(String value, long millis) {
        Connected c = connect(listening("ssl:0:handshakeTimeout=" + value));
        byte[] hello = clientHello();
        c.tls().dataReceived(Arrays.copyOf(hello, hello.length - 1));
        reactor.advance((millis - 1) / 1000.0);
        assertThat(c.io().isDisconnecting()).isFalse();
        assertThat(c.peer().isLost()).isFalse();
        reactor.advance(0.001);
        TLSError e = c.lost();
        assertThat(e.kind()).isEqualTo(TLSErrorKind.HANDSHAKE_TIMEOUT);
        assertThat(e.getMessage()).contains("after " + millis + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":handshakeTimeout=0", ":handshakeTimeout=none", ":handshakeTimeout=NONE"})
    void zeroNoneOrNothingMeansNoHandshakeTimeout(String option) {
        Connected c = connect(listening("ssl:0" + option));
        c.tls().dataReceived(new byte[] {0x16, 0x03, 0x01});
        assertThat(reactor.getDelayedCalls()).as("no handshake timer").isEmpty();
        reactor.advance(366 * 24 * 3600.0);
        assertThat(c.io().isDisconnecting()).isFalse();
        assertThat(c.peer().isLost()).isFalse();
    }

    @Test
    void aClientHelloCutAtEveryBoundaryOrOneByteAtATimeAndLeftUnfinishedIsTimedOut() {
        IProtocolFactory factory = listening("ssl:0:handshakeTimeout=2.5");
        byte[] hello = clientHello();
        byte[] unfinished = Arrays.copyOf(hello, hello.length - 1);
        List<Split> splits = new ArrayList<>(List.of(Split.whole(), Split.oneByteAtATime()));
        for (int at = 1; at < unfinished.length; at++) {
            splits.add(Split.at(at));
        }
        for (Split split : splits) {
            Connected c = connect(factory);
            split.deliver(unfinished, c.tls());
            reactor.advance(2.499);
            assertThat(c.io().isDisconnecting()).as(split.toString()).isFalse();
            reactor.advance(0.001);
            assertThat(c.lost().kind()).as(split.toString()).isEqualTo(TLSErrorKind.HANDSHAKE_TIMEOUT);
        }
    }

    @Test
    void aHandshakeSplitEveryWayThatCompletesInTimeIsNotTimedOut() {
        IProtocolFactory factory = listening("ssl:0:handshakeTimeout=2.5");
        for (Split split : List.of(Split.whole(), Split.oneByteAtATime(), Split.every(7), Split.random(3, 50))) {
            Connected server = connect(factory);
            Peer client = new Peer();
            StringTransport clientIO = new StringTransport();
            TLSMemoryBIOProtocol clientTls = new TLSMemoryBIOProtocol(Tls.client(), client);
            clientTls.makeConnection(clientIO);
            for (int i = 0; i < 20 && client.handshakes + server.peer().handshakes < 2; i++) {
                deliver(split, take(clientIO), server.tls());
                reactor.runThreadCalls(); // the continuations of the delegated tasks run on the reactor's turn
                deliver(split, take(server.io()), clientTls);
            }
            assertThat(server.peer().handshakes).as(split.toString()).isEqualTo(1);
            reactor.advance(3600);
            assertThat(server.io().isDisconnecting()).as(split.toString()).isFalse();
            assertThat(server.peer().isLost()).as(split.toString()).isFalse();
        }
    }

    private static void deliver(Split split, byte[] bytes, IProtocol to) {
        if (bytes.length > 0) {
            split.deliver(bytes, to);
        }
    }

    private static byte[] take(StringTransport t) {
        byte[] b = t.value();
        t.clear();
        return b;
    }

    @Test
    void aTlsClientTimesOutAServerThatNeverAnswers() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
        Peer client = new Peer();
        TlsEndpoints.clientFromString(
                        reactor, "tls:host=example.test:port=443:trustRoots=" + ca + ":handshakeTimeout=1.5")
                .connect(ServerFactory.forProtocol(() -> client));
        // A client endpoint's factory on a memory reactor builds a wrapper that fires the endpoint's Deferred
        // (Twisted's _WrappingProtocol): the TLS layer is the client's transport.
        StringTransport io = new StringTransport();
        reactor.tcpClients().get(0).factory().buildProtocol(io.getPeer()).makeConnection(io);
        Connected c = new Connected(client, (TLSMemoryBIOProtocol) client.transport(), io);
        assertThat(c.io().value()).as("the ClientHello").isNotEmpty();
        reactor.advance(1.499);
        assertThat(c.io().isDisconnecting()).isFalse();
        reactor.advance(0.001);
        TLSError e = c.lost();
        assertThat(e.kind()).isEqualTo(TLSErrorKind.HANDSHAKE_TIMEOUT);
        assertThat(e.getMessage()).contains("after 1500 ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "5m", "500ms", "", "1e3", "NaN", "Infinity", "+5", "0x10", "5d", "1.2.3"})
    void aBadValueIsRefusedNamingTheOptionAndTheFormsItTakes(String value) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
        for (String description : List.of(
                "ssl:0:handshakeTimeout=" + value,
                "tls:host=example.test:port=443:trustRoots=" + ca + ":handshakeTimeout=" + value)) {
            assertThatThrownBy(() -> parse(description))
                    .as(description)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + description + "\"")
                    .hasMessageContaining("has handshakeTimeout=" + value + "; give a number of seconds such as 5"
                            + " or 2.5, or 0 or none for no handshake timeout");
        }
        assertThat(reactor.tcpServers()).isEmpty();
    }

    @Test
    void moreThanAYearIsRefusedAndAReactorWithoutAClockCannotTimeAHandshake() {
        assertThatThrownBy(() -> parse("ssl:0:handshakeTimeout=31622401"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has handshakeTimeout=31622401; give at most 31622400 seconds (a year)");
        assertThat(listening("ssl:0:handshakeTimeout=31622400")).isNotNull();
        MemoryReactor noClock = new MemoryReactor();
        assertThatThrownBy(() -> TlsEndpoints.serverFromString(
                        noClock, "ssl:0:handshakeTimeout=5", "", 50, Tls.identity(Tls.SERVER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sets handshakeTimeout=, but the reactor it was given has no clock to time it");
        assertThat(TlsEndpoints.serverFromString(
                        noClock, "ssl:0:handshakeTimeout=none", "", 50, Tls.identity(Tls.SERVER)))
                .isNotNull();
    }

    private void parse(String description) {
        if (description.startsWith("ssl:")) {
            TlsEndpoints.serverFromString(reactor, description, "", 50, Tls.identity(Tls.SERVER));
        } else {
            TlsEndpoints.clientFromString(reactor, description);
        }
    }
}
