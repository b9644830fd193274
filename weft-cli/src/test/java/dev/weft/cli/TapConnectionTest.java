package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.ProducerState;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.ConnectedRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.HalfCloseRecord;
import dev.weft.internet.testing.capture.OpenRecord;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drives {@link TapConnection} over string transports, with a stand-in endpoint, without a reactor. */
final class TapConnectionTest extends TapConnectionTestBase {
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
