package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.ProducerState;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.FaultRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Drives {@link TapConnection} over string transports, with a stand-in endpoint, without a reactor. */
final class TapConnectionTest {
    private static final IPv4Address CLIENT = IPv4Address.tcp("127.0.0.1", 50000);
    private static final IPv4Address LISTENER = IPv4Address.tcp("127.0.0.1", 9001);
    private static final IPv4Address SERVER = IPv4Address.tcp("127.0.0.1", 7000);
    private static final IPv4Address LOCAL = IPv4Address.tcp("127.0.0.1", 40000);

    @TempDir
    Path dir;

    /** One tap with one connection whose server side the test completes by hand. */
    final class Harness {
        final CaptureLog log = CaptureLog.open(dir.resolve("t" + System.nanoTime() + ".weftcap"), false, e -> {});
        final List<TapConnection> finished = new ArrayList<>();
        final StringTransport clientTransport = new StringTransport(LISTENER, CLIENT);
        final StringTransport serverTransport = new StringTransport(LOCAL, SERVER);
        IProtocolFactory serverFactory;
        Deferred<IProtocol> connecting;
        final Tap tap;
        final TapLeg client;
        TapLeg server;

        Harness() {
            this(null, null);
        }

        /** A harness whose tap applies {@code faults} on {@code clock}'s timers. */
        Harness(@Nullable String faults, @Nullable Clock clock) {
            this(faults, clock, 0);
        }

        /** A harness whose tap applies {@code faults} and gives up connecting after {@code connectTimeoutNanos}. */
        Harness(@Nullable String faults, @Nullable Clock clock, long connectTimeoutNanos) {
            this(faults, clock, connectTimeoutNanos, 0, null);
        }

        /**
         * A harness whose tap also cuts a connection idle for {@code idleTimeoutNanos}, and whose client leg is TLS
         * (an {@code ssl:} listener) when {@code clientTls} is given.
         */
        Harness(
                @Nullable String faults,
                @Nullable Clock clock,
                long connectTimeoutNanos,
                long idleTimeoutNanos,
                @Nullable TLSServerOptions clientTls) {
            IStreamClientEndpoint endpoint = factory -> {
                serverFactory = factory;
                connecting = new Deferred<>();
                return connecting;
            };
            tap = new Tap(endpoint, "tcp:host=127.0.0.1:port=7000", log, finished::add);
            if (faults != null && clock != null) {
                tap.setFaults(Faults.parse(faults), clock);
            }
            if (connectTimeoutNanos > 0 && clock != null) {
                tap.setConnectTimeout(connectTimeoutNanos, clock);
            }
            if (idleTimeoutNanos > 0 && clock != null) {
                tap.setIdleTimeout(idleTimeoutNanos, clock);
            }
            client = (TapLeg) tap.factory().buildProtocol(CLIENT);
            if (clientTls == null) {
                client.makeConnection(clientTransport);
                this.clientTls = null;
            } else {
                this.clientTls = new TLSMemoryBIOProtocol(clientTls, client);
                this.clientTls.makeConnection(clientTransport);
            }
        }

        /** The TLS layer of the client leg, or null for a plain one. */
        final @Nullable TLSMemoryBIOProtocol clientTls;

        TapLeg leg(Side side) {
            return side == Side.CLIENT ? client : server;
        }

        StringTransport transport(Side side) {
            return side == Side.CLIENT ? clientTransport : serverTransport;
        }

        void serverConnects() {
            server = (TapLeg) serverFactory.buildProtocol(SERVER);
            server.makeConnection(serverTransport);
            connecting.callback(server);
        }

        /** The server accepts TCP; its leg is TLS, as a tls: --to makes it, and sends its ClientHello. */
        TLSMemoryBIOProtocol serverConnectsOverTls(TLSClientOptions options) {
            server = (TapLeg) serverFactory.buildProtocol(SERVER);
            TLSMemoryBIOProtocol tls = new TLSMemoryBIOProtocol(options, server);
            tls.makeConnection(serverTransport);
            connecting.callback(server);
            return tls;
        }

        List<CaptureRecord> records() throws Exception {
            assertThat(log.close()).isNull();
            return TapCommandTest.records(log.path());
        }
    }

    @Test
    void bytesAreForwardedAndRecordedInEveryChunkingBothWays() throws Exception {
        byte[] request = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII);
        byte[] response = "HTTP/1.1 204 No Content\r\nServer:y\r\n\r\n".getBytes(US_ASCII);

        assertThat(response).hasSameSizeAs(request);
        Chunking.standard().withRandomSplits(2, 1).splits(request.length).forEach(split -> {
            try {
                Harness h = new Harness();
                h.serverConnects();

                split.deliver(request, h.client);
                split.deliver(response, h.server);

                assertThat(h.serverTransport.value()).as(split.toString()).isEqualTo(request);
                assertThat(h.clientTransport.value()).isEqualTo(response);
                List<CaptureRecord> records = h.records();
                assertThat(TapCommandTest.sentBy(records, Side.CLIENT)).isEqualTo(request);
                assertThat(TapCommandTest.sentBy(records, Side.SERVER)).isEqualTo(response);
                assertThat(records.stream().filter(r -> r instanceof DataRecord).count())
                        .as("one record per delivery")
                        .isEqualTo(2L * split.pieceCount(request.length));
            } catch (Exception e) {
                throw new AssertionError(split + ": " + e, e);
            }
        });
    }

    @Test
    void earlyBytesAreForwardedInOrderOnceTheServerLegIsUp() throws Exception {
        Harness h = new Harness();
        h.client.dataReceived("early ".getBytes(US_ASCII));
        h.client.dataReceived("bird".getBytes(US_ASCII));

        h.serverConnects();
        h.client.dataReceived("!".getBytes(US_ASCII));

        assertThat(h.serverTransport.value()).isEqualTo("early bird!".getBytes(US_ASCII));
        assertThat(h.clientTransport.producerState()).isEqualTo(ProducerState.PRODUCING);
        // Flow control: each leg's reading is the producer of the other leg's transport.
        ((IPushProducer) h.clientTransport.producer()).pauseProducing();
        assertThat(h.serverTransport.producerState()).isEqualTo(ProducerState.PAUSED);
        ((IPushProducer) h.serverTransport.producer()).pauseProducing();
        assertThat(h.clientTransport.producerState()).isEqualTo(ProducerState.PAUSED);
        ((IPushProducer) h.clientTransport.producer()).resumeProducing();
        assertThat(h.serverTransport.producerState()).isEqualTo(ProducerState.PRODUCING);
        List<CaptureRecord> records = h.records();
        assertThat(records.get(0))
                .isEqualTo(new OpenRecord(
                        1,
                        records.get(0).micros(),
                        "127.0.0.1:50000",
                        "127.0.0.1:9001",
                        "tcp:host=127.0.0.1:port=7000"));
        assertThat(records.get(1)).isInstanceOf(DataRecord.class);
        assertThat(records.get(3))
                .isEqualTo(new ConnectedRecord(1, records.get(3).micros(), "127.0.0.1:40000", "127.0.0.1:7000"));
    }

    @Test
    void halfClosesArePassedOnAndBothLegsCloseOnceBothSidesFinished() throws Exception {
        Harness h = new Harness();
        h.serverConnects();

        h.client.readConnectionLost();
        assertThat(h.serverTransport.isWriteDisconnecting()).isTrue();
        assertThat(h.serverTransport.producer()).isNull();
        assertThat(h.clientTransport.isDisconnecting()).isFalse();
        h.server.dataReceived("bye".getBytes(US_ASCII));
        h.server.readConnectionLost();
        assertThat(h.clientTransport.isWriteDisconnecting()).isTrue();
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
        assertThat(h.serverTransport.isDisconnecting()).isTrue();
        h.server.connectionLost(new Failure(new ConnectionDone()));
        h.client.connectionLost(new Failure(new ConnectionDone()));

        assertThat(h.finished).hasSize(1);
        List<CaptureRecord> records = h.records();
        assertThat(records.subList(2, records.size()))
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("micros")
                .containsExactly(
                        new HalfCloseRecord(1, 0, Side.CLIENT),
                        new DataRecord(1, 0, Side.SERVER, "bye".getBytes(US_ASCII)),
                        new HalfCloseRecord(1, 0, Side.SERVER),
                        new CloseRecord(1, 0, Side.SERVER, true, CloseKind.CLEAN, "Connection was closed cleanly."),
                        new CloseRecord(1, 0, Side.CLIENT, true, CloseKind.CLEAN, "Connection was closed cleanly."));
        assertThat(h.finished.get(0).line()).endsWith("; client clean (by tap), server clean (by tap)");
    }

    @Test
    void serverThatClosesCleanlyMakesTheTapCloseTheClientAfterItsBytes() throws Exception {
        Harness h = new Harness();
        h.serverConnects();
        h.server.dataReceived("last words".getBytes(US_ASCII));

        h.server.connectionLost(new Failure(new ConnectionDone()));

        assertThat(h.clientTransport.value()).isEqualTo("last words".getBytes(US_ASCII));
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
        assertThat(h.clientTransport.isDisconnected())
                .as("closed cleanly, not aborted")
                .isFalse();
        h.client.connectionLost(new Failure(new ConnectionDone()));
        assertThat(h.finished.get(0).line()).endsWith("; client clean (by tap), server clean");
    }

    @Test
    void theReportLineSaysOneByteNotOneBytes() throws Exception {
        Harness h = new Harness();
        h.serverConnects();
        h.client.dataReceived(new byte[] {'?'});
        h.server.dataReceived(new byte[] {'!'});

        h.server.connectionLost(new Failure(new ConnectionDone()));
        h.client.connectionLost(new Failure(new ConnectionDone()));

        assertThat(h.finished.get(0).line()).contains(" c>s 1 byte, s>c 1 byte in ");
    }

    @Test
    void serverThatResetsMakesTheTapResetTheClient() throws Exception {
        Harness h = new Harness();
        h.serverConnects();
        h.server.dataReceived("last words".getBytes(US_ASCII));

        h.server.connectionLost(new Failure(new dev.weft.internet.ConnectionLost("Connection reset by peer")));

        assertThat(h.clientTransport.isDisconnected())
                .as("aborted: the client sees a reset")
                .isTrue();
        h.client.connectionLost(new Failure(new dev.weft.internet.ConnectionAborted()));
        List<CaptureRecord> records = h.records();
        CloseRecord server = (CloseRecord) records.get(records.size() - 2);
        assertThat(server.side()).isEqualTo(Side.SERVER);
        assertThat(server.kind()).isEqualTo(CloseKind.RESET);
        assertThat(server.byTap()).isFalse();
        assertThat(h.finished.get(0).line()).endsWith("; client reset (by tap), server reset");
    }

    @Test
    void failedConnectIsRecordedAndClosesTheClient() throws Exception {
        Harness h = new Harness();

        h.connecting.errback(new ConnectionRefusedError());
        assertThat(h.clientTransport.isDisconnected())
                .as("aborted: the client sees a reset")
                .isTrue();
        h.client.connectionLost(new Failure(new dev.weft.internet.ConnectionAborted()));

        assertThat(h.finished).hasSize(1);
        List<CaptureRecord> records = h.records();
        assertThat(records).hasSize(3);
        CloseRecord failed = (CloseRecord) records.get(1);
        assertThat(failed.kind()).isEqualTo(CloseKind.CONNECT_FAILED);
        assertThat(failed.reason()).startsWith("cannot connect to tcp:host=127.0.0.1:port=7000: connection refused");
    }

    @Test
    void theClientIsReadWhileTheTapConnectsUntilOneSocketBufferOfItsBytesWaits() throws Exception {
        Harness h = new Harness();
        assertThat(h.clientTransport.producerState()).isEqualTo(ProducerState.PRODUCING);

        h.client.dataReceived(new byte[TapConnection.EARLY_BYTES]);
        assertThat(h.clientTransport.producerState()).isEqualTo(ProducerState.PRODUCING);
        h.client.dataReceived(new byte[1]);
        assertThat(h.clientTransport.producerState()).isEqualTo(ProducerState.PAUSED);
        h.serverConnects();

        assertThat(h.clientTransport.producerState()).isEqualTo(ProducerState.PRODUCING);
        assertThat(h.serverTransport.value()).hasSize(TapConnection.EARLY_BYTES + 1);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndWhatTheClientDidMeanwhileIsRecorded() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness(null, clock, 10_000_000_000L);

        h.client.dataReceived("hello".getBytes(US_ASCII));
        h.client.readConnectionLost();
        clock.advance(9.999);
        assertThat(h.clientTransport.isDisconnected())
                .as("still waiting for the server")
                .isFalse();
        clock.advance(0.001);

        assertThat(h.connecting.isCalled()).as("the attempt is given up").isTrue();
        assertThat(h.clientTransport.isDisconnected())
                .as("aborted: the client sees a reset")
                .isTrue();
        h.client.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        List<CaptureRecord> records = h.records();
        assertThat(outline(records))
                .containsExactly(
                        "open",
                        "data c>s 5",
                        "half-close client",
                        "close server connect-failed",
                        "close client aborted by tap");
        assertThat(((CloseRecord) records.get(3)).reason())
                .isEqualTo("cannot connect to tcp:host=127.0.0.1:port=7000: no answer within 10.000 s"
                        + " (--connect-timeout); check that the host is up and that no firewall drops the traffic");
        assertThat(h.finished.get(0).line())
                .endsWith("; client reset (by tap), server " + ((CloseRecord) records.get(3)).reason());
    }

    /** A TLS server on a string transport of its own, for a harness's TLS server leg; the test carries the bytes. */
    static final class TlsServer {
        private static final SelfSigned CERT = SelfSigned.make(List.of("127.0.0.1"));
        final List<String> events = new ArrayList<>();
        final StringTransport transport = new StringTransport(SERVER, LOCAL);
        final TLSMemoryBIOProtocol tls = new TLSMemoryBIOProtocol(TLSServerOptions.of(CERT.identity()), new Peer());

        TlsServer() {
            tls.makeConnection(transport);
        }

        TLSClientOptions trustingClient() {
            return TLSClientOptions.forHost("127.0.0.1")
                    .withTrustRoots(TrustRoots.of(CERT.identity().chain()));
        }

        /** Carries the bytes both ways between this server and the tap's leg until neither has more to send. */
        void exchange(StringTransport tapSide, TLSMemoryBIOProtocol tapTls) {
            for (int turn = 0; turn < 20; turn++) {
                byte[] toServer = tapSide.value();
                tapSide.clear();
                byte[] toTap = transport.value();
                transport.clear();
                if (toServer.length == 0 && toTap.length == 0) {
                    return;
                }
                if (toServer.length > 0) {
                    tls.dataReceived(toServer);
                }
                if (toTap.length > 0) {
                    tapTls.dataReceived(toTap);
                }
            }
        }

        /** The protocol behind this server's TLS, recording its half-close and close. */
        final class Peer extends dev.weft.internet.Protocol implements dev.weft.internet.IHalfCloseableProtocol {
            @Override
            public void readConnectionLost() {
                events.add("readConnectionLost");
            }

            @Override
            public void writeConnectionLost() {}

            @Override
            public void connectionLost(Failure reason) {
                events.add("lost " + reason.type().getSimpleName());
            }
        }
    }

    /**
     * A TLS server leg counts as connected once its handshake completes: one that accepts TCP after 4 s and never
     * answers the ClientHello is given up 10 s after the connect began, as one that never accepts would be, while
     * one that completes its handshake at 9 s is kept past that.
     */
    @Test
    void aTlsServerThatNeverCompletesTheHandshakeIsGivenUpAtTheEndOfTheConnectTimeout() throws Exception {
        Clock clock = new Clock();
        Harness silent = new Harness(null, clock, 10_000_000_000L);
        Harness answering = new Harness(null, clock, 10_000_000_000L);
        TlsServer peer = new TlsServer();

        silent.client.dataReceived("hello".getBytes(US_ASCII));
        clock.advance(4);
        TLSMemoryBIOProtocol silentTls = silent.serverConnectsOverTls(TLSClientOptions.forHost("localhost"));
        TLSMemoryBIOProtocol answeringTls = answering.serverConnectsOverTls(peer.trustingClient());
        assertThat(silent.serverTransport.value()).as("the ClientHello").isNotEmpty();
        clock.advance(5);
        peer.exchange(answering.serverTransport, answeringTls);
        assertThat(answeringTls.isHandshakeDone()).isTrue();
        clock.advance(0.999);
        assertThat(silent.serverTransport.isDisconnected())
                .as("still within the connect timeout")
                .isFalse();
        clock.advance(0.001);

        assertThat(silent.serverTransport.isDisconnected())
                .as("aborted 10 s after the connect began")
                .isTrue();
        assertThat(silent.clientTransport.isDisconnecting())
                .as("the client waits for the server leg's close")
                .isFalse();
        silentTls.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(silent.clientTransport.isDisconnected())
                .as("aborted: the client sees a reset")
                .isTrue();
        silent.client.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(silent.finished).hasSize(1);
        List<CaptureRecord> records = silent.records();
        assertThat(outline(records))
                .containsExactly(
                        "open",
                        "data c>s 5",
                        "connected",
                        "close server connect-failed",
                        "close client aborted by tap");
        String why = "cannot connect to tcp:host=127.0.0.1:port=7000: no TLS handshake within 10.000 s"
                + " (--connect-timeout); check that the server speaks TLS on this port";
        assertThat(((CloseRecord) records.get(3)).reason()).isEqualTo(why);
        assertThat(silent.finished.get(0).line()).endsWith("; client reset (by tap), server " + why);
        assertThat(silent.finished.get(0).json())
                .contains("\"server_closed\":\"" + why + "\"", "\"server_tls_error\":\"HANDSHAKE_TIMEOUT\"");

        clock.advance(60);
        assertThat(answering.serverTransport.isDisconnecting())
                .as("its handshake ended the timeout")
                .isFalse();
        assertThat(answering.clientTransport.isDisconnecting()).isFalse();
    }

    /**
     * A TLS server that closes its TCP connection (a FIN) after the handshake without a close_notify, or during the
     * handshake, is a ConnectionLost as a reset is (Twisted's type); the report says what it did, not "reset".
     */
    @Test
    void aTlsServerThatClosesWithoutCloseNotifyIsNamedSoNotAsAReset() throws Exception {
        Harness h = new Harness();
        TlsServer peer = new TlsServer();
        TLSMemoryBIOProtocol tls = h.serverConnectsOverTls(peer.trustingClient());
        peer.exchange(h.serverTransport, tls);
        assertThat(tls.isHandshakeDone()).isTrue();

        tls.readConnectionLost(); // the server's FIN, with no close_notify before it
        tls.connectionLost(new Failure(new ConnectionDone()));

        assertThat(h.clientTransport.isDisconnected())
                .as("reset: the answer may be cut short")
                .isTrue();
        h.client.connectionLost(new Failure(new ConnectionAborted()));
        List<CaptureRecord> records = h.records();
        CloseRecord server = (CloseRecord) records.get(records.size() - 2);
        assertThat(server.kind()).as("a ConnectionLost").isEqualTo(CloseKind.RESET);
        assertThat(server.reason()).contains("without a TLS close_notify");
        assertThat(h.finished.get(0).line())
                .contains("; client reset (by tap), server closed without TLS close_notify (a truncation attack or a"
                        + " careless peer); server TLSv1.3 ");
        assertThat(h.finished.get(0).json())
                .contains("\"server_closed\":\"closed without TLS close_notify (a truncation attack or a careless"
                        + " peer)\"");
    }

    @Test
    void aTlsServerThatClosesDuringTheHandshakeIsNamedSoNotAsAReset() throws Exception {
        Harness h = new Harness();
        TlsServer peer = new TlsServer();
        TLSMemoryBIOProtocol tls = h.serverConnectsOverTls(peer.trustingClient());
        peer.tls.dataReceived(h.serverTransport.value()); // the ClientHello
        byte[] flight = peer.transport.value();
        tls.dataReceived(Arrays.copyOf(flight, 20)); // the start of the server's answer, then its FIN

        tls.readConnectionLost();
        tls.connectionLost(new Failure(new ConnectionDone()));

        assertThat(tls.isHandshakeDone()).isFalse();
        h.client.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished.get(0).line())
                .endsWith("; client reset (by tap), server closed during the TLS handshake");
    }

    /**
     * A client that sends nothing and half-closes before the server leg's TLS handshake is done has its half-close
     * passed on once the handshake is: before it, TLS could only abort a leg with nothing to send.
     */
    @Test
    void aHalfCloseBeforeTheServerLegsTlsHandshakeIsPassedOnAfterIt() throws Exception {
        Harness h = new Harness();
        TlsServer peer = new TlsServer();
        TLSMemoryBIOProtocol tls = h.serverConnectsOverTls(peer.trustingClient());

        h.client.readConnectionLost();
        assertThat(h.serverTransport.isDisconnecting())
                .as("not aborted, not closed: waiting for the handshake")
                .isFalse();
        peer.exchange(h.serverTransport, tls);

        assertThat(tls.isHandshakeDone()).isTrue();
        assertThat(h.serverTransport.isWriteDisconnecting())
                .as("a TLS 1.3 half-close: close_notify, then FIN")
                .isTrue();
        assertThat(h.serverTransport.isDisconnecting()).isFalse();
        assertThat(peer.events).containsExactly("readConnectionLost");
    }

    private static final long IDLE = 30_000_000_000L;

    /**
     * --idle-timeout: bytes either way keep a connection open; 30 s with none through it aborts both legs, each
     * recorded as aborted by the tap with a reason naming the idle timeout, and the line says idle timeout.
     */
    @Test
    void aConnectionThroughWhichNothingPassesForTheIdleTimeoutIsResetBothWaysAndRecordedAsIdle() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness(null, clock, 0, IDLE, null);
        h.serverConnects();

        h.client.dataReceived("hi".getBytes(US_ASCII));
        clock.advance(20);
        h.server.dataReceived("yo".getBytes(US_ASCII)); // the other way round counts too
        clock.advance(29.5);
        assertThat(h.clientTransport.isDisconnecting())
                .as("30 s after the last bytes, not before")
                .isFalse();
        assertThat(h.serverTransport.isDisconnecting()).isFalse();
        clock.advance(0.5);

        assertThat(h.clientTransport.isDisconnected())
                .as("aborted: the client sees a reset")
                .isTrue();
        assertThat(h.serverTransport.isDisconnected())
                .as("aborted: the server sees a reset")
                .isTrue();
        h.server.connectionLost(new Failure(new ConnectionAborted()));
        h.client.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
        String why = "idle: no bytes passed either way for 30.000 s (--idle-timeout)";
        assertThat(h.records().subList(4, 6))
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("micros")
                .containsExactly(
                        new CloseRecord(1, 0, Side.SERVER, true, CloseKind.ABORTED, why),
                        new CloseRecord(1, 0, Side.CLIENT, true, CloseKind.ABORTED, why));
        assertThat(h.finished.get(0).line()).endsWith("; client idle timeout (by tap), server idle timeout (by tap)");
        assertThat(h.finished.get(0).json())
                .contains("\"client_closed\":\"idle timeout (by tap)\"", "\"server_closed\":\"idle timeout (by tap)\"");
    }

    /** A client of an ssl: listener that starts its handshake and stalls is cut as idle, and the reason says so. */
    @Test
    void aClientThatStallsInItsTlsHandshakeIsCutAsIdle() throws Exception {
        Clock clock = new Clock();
        TLSServerOptions listener =
                TLSServerOptions.of(SelfSigned.make(List.of("127.0.0.1")).identity());
        Harness h = new Harness(null, clock, 0, IDLE, listener);
        h.serverConnects();
        TLSMemoryBIOProtocol tls = h.clientTls;
        assertThat(tls).isNotNull();

        tls.dataReceived(Arrays.copyOf(TlsPeers.clientHello(), 20)); // handshake bytes do not count as activity
        clock.advance(30);

        assertThat(h.clientTransport.isDisconnected()).isTrue();
        assertThat(h.serverTransport.isDisconnected())
                .as("the server leg the tap opened at the accept")
                .isTrue();
        tls.connectionLost(new Failure(new ConnectionAborted()));
        h.server.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.records().stream().filter(r -> r instanceof CloseRecord))
                .map(r -> ((CloseRecord) r).reason())
                .containsExactly(
                        "idle: no TLS handshake with the client within 30.000 s (--idle-timeout)",
                        "idle: no TLS handshake with the client within 30.000 s (--idle-timeout)");
        assertThat(h.finished.get(0).line()).endsWith("; client idle timeout (by tap), server idle timeout (by tap)");
    }

    /** Bytes a fault holds on their way keep a connection from being idle; the timer starts again once delivered. */
    @Test
    void bytesAFaultHoldsAreNotIdleness() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:latency=40s", clock, 0, IDLE, null);
        h.serverConnects();

        h.client.dataReceived("slow".getBytes(US_ASCII));
        clock.advance(39.5);
        assertThat(h.serverTransport.value()).as("still held").isEmpty();
        assertThat(h.clientTransport.isDisconnecting()).isFalse();
        clock.advance(0.5);
        assertThat(h.serverTransport.value()).isEqualTo("slow".getBytes(US_ASCII));
        clock.advance(29.5);
        assertThat(h.clientTransport.isDisconnecting())
                .as("30 s after the delivery, not before")
                .isFalse();
        clock.advance(0.5);

        assertThat(h.clientTransport.isDisconnected()).isTrue();
        assertThat(h.serverTransport.isDisconnected()).isTrue();
    }

    /** A client that sends nothing while the server leg is still connecting is idle too: the connect is given up. */
    @Test
    void anIdleClientWhileTheTapConnectsIsCutAndTheConnectGivenUp() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness(null, clock, 0, IDLE, null);

        clock.advance(30);

        assertThat(h.connecting.isCalled()).as("cancelled").isTrue();
        assertThat(h.clientTransport.isDisconnected()).isTrue();
        h.client.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(outline(h.records())).containsExactly("open", "close client aborted by tap");
        assertThat(h.finished.get(0).line()).endsWith("; client idle timeout (by tap), server never connected");
    }

    @Test
    void aClientThatClosesCleanlyWhileTheTapConnectsStillHasItsBytesForwarded() throws Exception {
        Harness h = new Harness();
        h.client.dataReceived("last words".getBytes(US_ASCII));
        h.client.connectionLost(new Failure(new ConnectionDone())); // a whole close, as over TLS 1.2

        assertThat(h.connecting.isCalled())
                .as("still connecting: there are bytes to forward")
                .isFalse();
        h.serverConnects();
        assertThat(h.serverTransport.value()).isEqualTo("last words".getBytes(US_ASCII));
        assertThat(h.serverTransport.isDisconnecting()).isTrue();
        assertThat(h.serverTransport.isDisconnected())
                .as("closed cleanly, not aborted")
                .isFalse();
        h.server.connectionLost(new Failure(new ConnectionDone()));

        assertThat(h.finished).hasSize(1);
        assertThat(outline(h.records()))
                .containsExactly("open", "data c>s 10", "close client clean", "connected", "close server clean by tap");
    }

    @Test
    void clientLeavingWhileTheTapConnectsCancelsTheAttempt() throws Exception {
        Harness h = new Harness();

        h.client.connectionLost(new Failure(new ConnectionDone()));

        assertThat(h.connecting.isCalled()).as("cancelled").isTrue();
        assertThat(h.finished).hasSize(1);
        List<CaptureRecord> records = h.records();
        assertThat(records).hasSize(2);
        assertThat(((CloseRecord) records.get(1)).side()).isEqualTo(Side.CLIENT);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aResetBehindBytesAFaultHoldsIsPassedOnAtOnceAndTheDroppedBytesAreRecorded(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000/s", clock);
        h.serverConnects();
        StringTransport receiver = h.transport(from.other());

        h.leg(from).dataReceived(new byte[300]);
        h.leg(from).readConnectionLost();
        clock.advance(0.1);
        assertThat(receiver.value()).as("paced: 100 bytes a tenth of a second").hasSize(100);
        assertThat(receiver.isWriteDisconnecting())
                .as("the half-close waits behind the bytes")
                .isFalse();
        h.leg(from).connectionLost(new Failure(new ConnectionLost("Connection reset by peer")));

        assertThat(receiver.isDisconnected())
                .as("reset at once, not after the held bytes")
                .isTrue();
        assertThat(receiver.value()).hasSize(100);
        h.leg(from.other()).connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
        String direction = from.arrow();
        assertThat(outline(h.records()))
                .containsExactly(
                        "open",
                        "connected",
                        "data " + direction + " 100",
                        "fault " + direction + ":bandwidth=1000/s: dropped the 200 bytes " + direction
                                + " and the half-close it held: the " + name(from) + " reset",
                        "close " + name(from) + " reset",
                        "close " + name(from.other()) + " aborted by tap");
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aCloseHeldBehindBytesIsRecordedWhenTheOtherLegHasClosedFirst(Side slow) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000/s", clock);
        h.serverConnects();
        Side fast = slow.other();

        h.leg(slow).dataReceived(new byte[300]);
        h.leg(fast).dataReceived(new byte[50]);
        // Each peer closes its whole connection (as over TLS 1.2, which has no half-close).
        h.leg(slow).connectionLost(new Failure(new ConnectionDone()));
        h.leg(fast).connectionLost(new Failure(new ConnectionDone()));
        clock.advance(0.05);

        assertThat(h.finished).hasSize(1);
        assertThat(outline(h.records()))
                .containsExactly(
                        "open",
                        "connected",
                        "data " + fast.arrow() + " 50",
                        "close " + name(fast) + " clean",
                        "fault " + slow.arrow() + ":bandwidth=1000/s: dropped the 300 bytes " + slow.arrow()
                                + " it held: the " + name(fast) + " leg had closed",
                        "close " + name(slow) + " clean");
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
    }

    /** The fault record of a client's end of stream that a {@code c>s:stall-after=20} holds, 30 bytes held. */
    private static final String CLIENT_END_HELD = "fault c>s:stall-after=20: held the client's end of stream behind the"
            + " stall (20 bytes c>s passed, 30 held): the server is not told; reset the server leg and closed the"
            + " client's";

    /**
     * c>s:stall-after, and the client gives up: its end of stream (a half-close, or a whole close as over TLS 1.2)
     * reaches the stall, is recorded then and never passed on. Nothing the client sends can reach the server any
     * more, so the tap ends the connection: the server leg is reset, the client's closed, and the connection is
     * reported. Before, the stall swallowed the end: nothing was recorded and the connection stayed open (and
     * unreported) until the tap stopped.
     */
    @ParameterizedTest(name = "half-close: {0}")
    @ValueSource(booleans = {true, false})
    void aClientThatEndsItsStreamBehindACsStallEndsTheConnectionAndTheServerLegIsReset(boolean halfClose)
            throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:stall-after=20", clock);
        h.serverConnects();
        h.client.dataReceived(new byte[50]);
        clock.advance(5); // the client waits for an answer that cannot come, then gives up
        assertThat(h.serverTransport.value()).hasSize(20);
        assertThat(h.serverTransport.isDisconnecting()).isFalse();

        if (halfClose) {
            h.client.readConnectionLost();
        } else {
            h.client.connectionLost(new Failure(new ConnectionDone()));
        }

        assertThat(h.serverTransport.isWriteDisconnecting())
                .as("no end of stream reaches the server")
                .isFalse();
        assertThat(h.serverTransport.isDisconnected()).as("reset").isTrue();
        if (halfClose) {
            assertThat(h.clientTransport.isDisconnecting()).isTrue();
            assertThat(h.clientTransport.isDisconnected()).as("closed cleanly").isFalse();
            h.client.connectionLost(new Failure(new ConnectionDone()));
        }
        h.server.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        String byTap = halfClose ? " by tap" : "";
        assertThat(h.finished.get(0).line())
                .endsWith("; client clean" + (halfClose ? " (by tap)" : "") + ", server reset (by tap)");
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
        assertThat(outline(h.records()))
                .containsExactly(
                        "open",
                        "connected",
                        "fault c>s:stall-after=20: stalled after 20 bytes c>s; the rest is held and the connection"
                                + " stays open",
                        "data c>s 20",
                        CLIENT_END_HELD,
                        "close client clean" + byTap,
                        "close server aborted by tap");
    }

    /** The client's end held by a stall acts only behind the bytes a latency still held before the stall. */
    @Test
    void aClientsEndHeldByAStallWaitsForTheBytesBeforeTheStallToBeDelivered() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:latency=100,stall-after=20", clock);
        h.serverConnects();

        h.client.dataReceived(new byte[50]);
        h.client.readConnectionLost();
        assertThat(h.serverTransport.value()).isEmpty();
        assertThat(h.serverTransport.isDisconnecting()).isFalse();
        clock.advance(0.1);

        assertThat(h.serverTransport.value()).hasSize(20);
        assertThat(h.serverTransport.isDisconnected()).as("reset after them").isTrue();
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
    }

    /** A client that ends behind a stall while the tap connects: its bytes reach the server, then the reset. */
    @Test
    void aClientThatEndsBehindACsStallWhileTheTapConnectsHasTheServerLegResetAfterItsBytes() throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("c>s:stall-after=20", clock);
        h.client.dataReceived(new byte[50]);
        h.client.readConnectionLost();
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
        h.client.connectionLost(new Failure(new ConnectionDone()));
        assertThat(h.finished).as("still connecting, with 20 bytes to forward").isEmpty();

        h.serverConnects();

        assertThat(h.serverTransport.value()).hasSize(20);
        assertThat(h.serverTransport.isWriteDisconnecting()).isFalse();
        assertThat(h.serverTransport.isDisconnected()).as("reset").isTrue();
        h.server.connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(h.finished.get(0).line()).endsWith("; client clean (by tap), server reset (by tap)");
    }

    /**
     * s>c:stall-after, and the server ends (a half-close, or a whole close): its end is recorded when it reaches the
     * stall and held from the client, which is not told (its own timeout is what the stall tests); once the client
     * gives up and ends its side, the tap closes both legs and the connection is reported. Before, the connection
     * stayed open until the tap stopped.
     */
    @ParameterizedTest(name = "half-close: {0}")
    @ValueSource(booleans = {true, false})
    void aServersEndHeldByAnScStallIsKeptFromTheClientUntilTheClientEndsItsSide(boolean halfClose) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("s>c:stall-after=20", clock);
        h.serverConnects();
        h.server.dataReceived(new byte[50]);

        if (halfClose) {
            h.server.readConnectionLost();
        } else {
            h.server.connectionLost(new Failure(new ConnectionDone()));
        }
        clock.advance(5);

        assertThat(h.clientTransport.value()).hasSize(20);
        assertThat(h.clientTransport.isWriteDisconnecting())
                .as("the client is not told")
                .isFalse();
        assertThat(h.clientTransport.isDisconnecting()).isFalse();
        h.client.readConnectionLost(); // the client gives up
        assertThat(h.clientTransport.isDisconnecting()).isTrue();
        assertThat(h.clientTransport.isDisconnected()).as("closed cleanly").isFalse();
        assertThat(h.clientTransport.producer())
                .as("no producer left for the close to wait for")
                .isNull();
        if (halfClose) {
            assertThat(h.serverTransport.isWriteDisconnecting())
                    .as("the client's end is passed on")
                    .isTrue();
            h.server.connectionLost(new Failure(new ConnectionDone()));
        }
        h.client.connectionLost(new Failure(new ConnectionDone()));
        assertThat(h.finished).hasSize(1);
        assertThat(h.finished.get(0).line())
                .endsWith("; client clean (by tap), server clean" + (halfClose ? " (by tap)" : ""));
        List<String> outline = outline(h.records());
        assertThat(outline)
                .containsSubsequence(
                        "data s>c 20",
                        "fault s>c:stall-after=20: held the server's end of stream behind the stall (20 bytes s>c"
                                + " passed, 30 held): the client is not told; the connection ends when the client"
                                + " ends its side",
                        "half-close client",
                        "close client clean by tap")
                .contains("close server clean" + (halfClose ? " by tap" : ""))
                .doesNotContain("half-close server");
    }

    /** One read of the reactor: what a transport hands its protocol at most at once. */
    private static final int READ = 64 * 1024;

    @ParameterizedTest
    @EnumSource(Side.class)
    void aSenderFasterThanABandwidthIsPausedAboveTheBoundAndReadAgainBelowTheLowMark(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000000/s", clock);
        h.serverConnects();
        StringTransport sender = h.transport(from);
        StringTransport receiver = h.transport(from.other());
        byte[] payload = new byte[4 * TapFaults.HELD_BOUND];
        new Random(7).nextBytes(payload);

        // The sender sends a read whenever the tap reads it; else a hundredth of a second passes.
        int sent = 0;
        boolean paused = false;
        int pauses = 0;
        long mostHeld = 0;
        while (receiver.value().length < payload.length) {
            if (sent < payload.length && sender.producerState() == ProducerState.PRODUCING) {
                h.leg(from).dataReceived(Arrays.copyOfRange(payload, sent, sent + READ));
                sent += READ;
                if (sent == payload.length) {
                    h.leg(from).readConnectionLost(); // its FIN, right behind its last byte
                }
            } else {
                clock.advance(0.01);
            }
            long held = sent - receiver.value().length;
            mostHeld = Math.max(mostHeld, held);
            boolean holding = held > TapFaults.HELD_BOUND || (paused && held >= TapFaults.HELD_LOW);
            assertThat(sender.producerState())
                    .as("%d bytes held", held)
                    .isEqualTo(holding ? ProducerState.PAUSED : ProducerState.PRODUCING);
            pauses += holding && !paused ? 1 : 0;
            paused = holding;
            assertThat(receiver.isWriteDisconnecting())
                    .as("the half-close waits behind the bytes")
                    .isEqualTo(receiver.value().length == payload.length);
        }

        assertThat(receiver.value()).as("every byte, in order").isEqualTo(payload);
        assertThat(pauses).as("paused, read again, paused again").isGreaterThan(1);
        assertThat(mostHeld).isGreaterThan(TapFaults.HELD_BOUND).isLessThanOrEqualTo(TapFaults.HELD_BOUND + READ);
        h.leg(from.other()).readConnectionLost();
        h.client.connectionLost(new Failure(new ConnectionDone()));
        h.server.connectionLost(new Failure(new ConnectionDone()));
        assertThat(h.finished).hasSize(1);
        assertThat(h.finished.get(0).mostHeld(from))
                .as("what the tap says it held")
                .isEqualTo(mostHeld);
        assertThat(TapCommandTest.sentBy(h.records(), from)).isEqualTo(payload);
    }

    /** Makes {@code from} send reads until the tap stops reading it (at most 100); returns the bytes sent. */
    private static int sendUntilPaused(Harness h, Side from) {
        int sent = 0;
        for (int i = 0; i < 100 && h.transport(from).producerState() == ProducerState.PRODUCING; i++) {
            h.leg(from).dataReceived(new byte[READ]);
            sent += READ;
        }
        return sent;
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void neitherAFullBufferNorTheFaultsReadALegAgainThatTheOtherStillHoldsBack(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000000/s", clock);
        h.serverConnects();
        StringTransport sender = h.transport(from);
        StringTransport receiver = h.transport(from.other());
        IPushProducer fed = (IPushProducer) receiver.producer(); // what the receiver's transport pauses when full

        int sent = sendUntilPaused(h, from);
        assertThat(sent)
                .as("held back once the faults hold more than the bound")
                .isEqualTo(TapFaults.HELD_BOUND + READ);
        fed.pauseProducing(); // the receiver's transport fills its buffer
        fed.resumeProducing(); // and writes it out
        assertThat(sender.producerState()).as("still held back by the faults").isEqualTo(ProducerState.PAUSED);

        fed.pauseProducing();
        clock.advance(1.0);
        assertThat(sent - receiver.value().length).isLessThan(TapFaults.HELD_LOW);
        assertThat(sender.producerState())
                .as("the faults let go, but the receiver's buffer is still full")
                .isEqualTo(ProducerState.PAUSED);
        fed.resumeProducing();
        assertThat(sender.producerState()).isEqualTo(ProducerState.PRODUCING);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aResetFromASenderTheFaultsHoldBackPassesAtOnce(Side from) throws Exception {
        Clock clock = new Clock();
        Harness h = new Harness("bandwidth=1000000/s", clock);
        h.serverConnects();
        StringTransport receiver = h.transport(from.other());
        int sent = sendUntilPaused(h, from);
        assertThat(h.transport(from).producerState()).isEqualTo(ProducerState.PAUSED);

        h.leg(from).connectionLost(new Failure(new ConnectionLost("Connection reset by peer")));

        assertThat(receiver.isDisconnected()).as("reset at once").isTrue();
        assertThat(receiver.value()).isEmpty();
        assertThat(h.transport(from).producerState())
                .as("a lost leg is left alone")
                .isEqualTo(ProducerState.PAUSED);
        h.leg(from.other()).connectionLost(new Failure(new ConnectionAborted()));
        assertThat(h.finished).hasSize(1);
        assertThat(clock.getDelayedCalls()).as("no timer left behind").isEmpty();
        assertThat(outline(h.records()))
                .contains("fault " + from.arrow() + ":bandwidth=1000000/s: dropped the " + sent + " bytes "
                        + from.arrow() + " it held: the " + name(from) + " reset");
    }

    /** Outlines each record: its type, direction or leg, byte count, kind, and a fault's whole text. */
    static List<String> outline(List<CaptureRecord> records) {
        return records.stream().map(TapConnectionTest::outline).toList();
    }

    private static String outline(CaptureRecord r) {
        if (r instanceof OpenRecord) {
            return "open";
        } else if (r instanceof ConnectedRecord) {
            return "connected";
        } else if (r instanceof DataRecord d) {
            return "data " + d.from().arrow() + " " + d.bytes().length;
        } else if (r instanceof HalfCloseRecord hc) {
            return "half-close " + name(hc.from());
        } else if (r instanceof CloseRecord c) {
            return "close " + name(c.side()) + " " + c.kind().label() + (c.byTap() ? " by tap" : "");
        } else if (r instanceof FaultRecord f) {
            return "fault " + f.fault() + ": " + f.effect();
        }
        return r.toString();
    }

    private static String name(Side side) {
        return side == Side.CLIENT ? "client" : "server";
    }

    @Test
    void interruptAbortsBothLegsAndRecordsThemInterrupted() throws Exception {
        Harness h = new Harness();
        h.serverConnects();

        Deferred<Void> drained = h.tap.interruptAll();
        assertThat(h.clientTransport.isDisconnected()).isTrue();
        assertThat(h.serverTransport.isDisconnected()).isTrue();
        h.client.connectionLost(new Failure(new dev.weft.internet.ConnectionAborted()));
        h.server.connectionLost(new Failure(new dev.weft.internet.ConnectionAborted()));

        assertThat(drained.isCalled()).isTrue();
        List<CaptureRecord> records = h.records();
        assertThat(records.subList(records.size() - 2, records.size()))
                .allSatisfy(r -> assertThat(((CloseRecord) r).kind()).isEqualTo(CloseKind.INTERRUPTED));
    }
}
