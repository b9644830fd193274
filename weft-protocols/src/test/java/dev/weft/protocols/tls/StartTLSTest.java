package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITLSTransport;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.FakeTransport;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** startTLS on the in-memory transports: a plaintext exchange, then TLS on the same connection. */
class StartTLSTest {
    private final StartTlsPeer server = new StartTlsPeer(Tls.server(), true);
    private StartTlsPeer client = new StartTlsPeer(Tls.client(), false);

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private IOPump connect(boolean flush) {
        return IOPump.connectedServerAndClient(() -> server, () -> client, flush)
                .pump();
    }

    private static String text(java.io.ByteArrayOutputStream b) {
        return b.toString(US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aStarttlsExchangeThenOneMebibyteEachWayThenACleanClose(String version) {
        client = new StartTlsPeer(Tls.client().withProtocols(version), false);
        byte[] up = random(1 << 20, 1);
        byte[] down = random(1 << 20, 2);
        client.onHandshake = c -> c.transport().write(up.clone());
        server.onHandshake = s -> s.transport().write(down.clone());
        IOPump pump = connect(true);

        assertThat(text(server.clear)).isEqualTo("STARTTLS\r\n");
        assertThat(text(client.clear)).isEqualTo("READY\r\n");
        assertThat(server.secure.toByteArray()).isEqualTo(up);
        assertThat(client.secure.toByteArray()).isEqualTo(down);
        assertThat(client.tls().tlsVersion()).isEqualTo(version);
        assertThat(client.tls().getPeerCertificate()).isEqualTo(Tls.SERVER.certificate());
        assertThat(server.tls().getPeerCertificate()).isNull();
        assertThat(client.connects).isEqualTo(1); // no second connectionMade
        assertThat(server.events).startsWith("made", "line STARTTLS", "started", "handshake");

        client.transport().loseConnection(); // the same transport object, now closing TLS
        pump.flush();
        assertThat(client.reason().value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(server.reason().value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    @Test
    void bytesWrittenBeforeStartTlsLeaveFirstInClearAndLaterOnesEncrypted() {
        server.afterStart = s -> s.transport().write("secret".getBytes(US_ASCII));
        IOPump pump = connect(false);
        pump.pump(); // STARTTLS reaches the server, which queues READY, starts TLS and writes "secret"
        assertThat(text(server.clear)).isEqualTo("STARTTLS\r\n");
        // READY, still queued when TLS started, is all that is on the wire: the TLS server waits for
        // the ClientHello, and "secret" waits for the handshake (and is then encrypted).
        assertThat(new String(pump.serverIO().pendingBytes(), US_ASCII)).isEqualTo("READY\r\n");

        pump.pump(); // READY reaches the client, which starts TLS: its ClientHello is a handshake record
        byte[] hello = pump.clientIO().pendingBytes();
        assertThat(hello[0]).isEqualTo((byte) 0x16);

        pump.flush();
        assertThat(text(client.clear)).isEqualTo("READY\r\n");
        assertThat(text(client.secure)).isEqualTo("secret");
        assertThat(client.reason()).isNull();
    }

    @Test
    void theReturnedTransportIsTheTlsViewAndTheAddressesAreUnchanged() {
        IOPump pump = connect(true);
        ISSLTransport tls = client.tls();
        assertThat(tls.isHandshakeDone()).isTrue();
        assertThat(tls.whenHandshakeDone().isCalled()).isTrue();
        assertThat(tls.getHandle().getUseClientMode()).isTrue();
        assertThat(server.tls().getHandle().getUseClientMode()).isFalse();
        assertThat(client.transport()).isSameAs(pump.clientIO());
        assertThat(pump.clientIO().isTLSStarted()).isTrue();
        assertThat(client.transport().getPeer()).isEqualTo(FakeTransport.DEFAULT_SERVER_ADDRESS);
        assertThat(tls.getPeer()).isEqualTo(FakeTransport.DEFAULT_SERVER_ADDRESS);
        assertThat(tls.getHost()).isEqualTo(client.transport().getHost());
    }

    @Test
    void theOptionsDecideTheRoleWhicheverEndConnected() {
        // Twisted's normal=False: the end that accepted the TCP connection asks for TLS and is its client.
        StartTlsPeer acceptor = new StartTlsPeer(Tls.client(), false);
        StartTlsPeer connector = new StartTlsPeer(Tls.server(), true);
        connector.onHandshake = c -> c.transport().write("served by the connecting end".getBytes(US_ASCII));
        IOPump.connectedServerAndClient(() -> acceptor, () -> connector, true);
        assertThat(acceptor.tls().getHandle().getUseClientMode()).isTrue();
        assertThat(connector.tls().getHandle().getUseClientMode()).isFalse();
        assertThat(acceptor.tls().getPeerCertificate()).isEqualTo(Tls.SERVER.certificate());
        assertThat(text(acceptor.secure)).isEqualTo("served by the connecting end");
    }

    @Test
    void aSecondStartTlsIsRefused() {
        connect(true);
        ITLSTransport t = (ITLSTransport) server.transport();
        assertThatThrownBy(() -> t.startTLS(Tls.server()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TLS was already started");
        assertThat(server.reason()).isNull();
    }

    @Test
    void startTlsAfterLoseConnectionIsRefused() {
        IOPump pump = connect(false);
        ITLSTransport t = pump.clientIO();
        t.loseConnection();
        assertThatThrownBy(() -> t.startTLS(Tls.client()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before loseConnection");
        assertThat(pump.clientIO().isTLSStarted()).isFalse();
    }

    @Test
    void abortAfterStartTlsGoesThroughTheTlsLayer() {
        IOPump pump = connect(true);
        client.onSecureData = c -> c.transport().abortConnection();
        server.transport().write("first".getBytes(US_ASCII)); // two records, delivered in one read
        server.transport().write("second".getBytes(US_ASCII));
        pump.flush();
        // The TLS layer heard of the abort: the second record of the same read is not delivered.
        assertThat(text(client.secure)).isEqualTo("first");
        assertThat(client.reason().value()).isInstanceOf(dev.weft.internet.ConnectionAborted.class);
        assertThat(server.reason().value()).isInstanceOf(dev.weft.internet.ConnectionLost.class);
        assertThat(client.events).endsWith("lost ConnectionAborted");
    }

    @Test
    void startTlsRunsItsTimersOnTheClockItWasGiven() {
        dev.weft.internet.testing.MemoryReactorClock clock = new dev.weft.internet.testing.MemoryReactorClock();
        StartTlsPeer timed = new StartTlsPeer(
                StartTLS.of(Tls.server()).withHandshakeTimeout(clock, java.time.Duration.ofSeconds(10)), true);
        dev.weft.internet.Protocol silent = new dev.weft.internet.Protocol() {
            @Override
            public void connectionMade() {
                transport().write("STARTTLS\r\n".getBytes(US_ASCII)); // asks for TLS, then never starts it
            }
        };
        IOPump pump =
                IOPump.connectedServerAndClient(() -> timed, () -> silent, true).pump();
        assertThat(timed.tls).isNotNull();
        assertThat(timed.reason()).isNull();
        clock.advance(10);
        pump.flush();
        assertThat(timed.reason().value()).isInstanceOf(TLSError.class);
        assertThat(((TLSError) timed.reason().value()).kind()).isEqualTo(TLSErrorKind.HANDSHAKE_TIMEOUT);
    }

    /** Records the calls a producer gets. */
    static final class Producer implements IPushProducer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pauseProducing() {
            calls.add("pause");
        }

        @Override
        public void resumeProducing() {
            calls.add("resume");
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    }

    @Test
    void aProducerRegisteredBeforeStartTlsMovesUnderTheTlsLayerAndKeepsWorking() {
        Producer producer = new Producer();
        server.beforeStart = s -> s.transport().registerProducer(producer);
        server.afterStart = s -> s.transport().write("early".getBytes(US_ASCII)); // waits for the handshake
        IOPump pump = connect(false);
        pump.pump();
        assertThat(pump.serverIO().producer()) // registered again, under TLS, through its membrane
                .isInstanceOfSatisfying(
                        ProducerMembrane.class, m -> assertThat(m.producer()).isSameAs(producer));
        assertThat(producer.calls).containsExactly("pause"); // TLS holds it until the handshake

        pump.flush();
        assertThat(producer.calls).containsExactly("pause", "resume");
        assertThat(text(client.secure)).isEqualTo("early");
        assertThatThrownBy(() -> server.transport().registerProducer(new Producer()))
                .isInstanceOf(IllegalStateException.class);

        server.transport().unregisterProducer();
        assertThat(pump.serverIO().producer()).isNull();
    }

    @Test
    void aPullProducerRegisteredBeforeStartTlsIsDrivenByTheLayersLoopAfterIt() {
        Turns turns = new Turns();
        StartTlsPeer looped = new StartTlsPeer(StartTLS.of(Tls.server()).withClock(turns), true);
        List<String> pieces = List.of("one ", "two ", "three");
        int[] sent = {0};
        IPullProducer producer = new IPullProducer() {
            @Override
            public void resumeProducing() {
                if (looped.tls == null) {
                    return; // the plaintext phase: nothing to send yet
                }
                if (sent[0] == pieces.size()) {
                    looped.transport().unregisterProducer();
                    return;
                }
                looped.transport().write(pieces.get(sent[0]++).getBytes(US_ASCII));
            }

            @Override
            public void stopProducing() {}
        };
        looped.beforeStart = s -> s.transport().registerProducer(producer);
        IOPump pump = IOPump.connectedServerAndClient(() -> looped, () -> client, false)
                .pump();
        pump.pump();
        assertThat(pump.serverIO().producer()) // registered again, under TLS, as a streaming loop
                .isInstanceOfSatisfying(
                        ProducerMembrane.class,
                        m -> assertThat(m.producer())
                                .isInstanceOfSatisfying(
                                        PullToPush.class,
                                        l -> assertThat(l.producer()).isSameAs(producer)));

        for (int i = 0; i < 10 && pump.serverIO().producer() != null; i++) {
            turns.turn();
            pump.flush();
        }
        assertThat(text(client.secure)).isEqualTo("one two three");
        assertThat(pump.serverIO().producer()).isNull();
    }

    /** After startTLS the transport's pause goes through the layer: the handshake still reads. */
    @ParameterizedTest(name = "paused {0} startTLS")
    @ValueSource(strings = {"before", "after"})
    void aPauseAroundStartTlsWaitsForTheHandshakeThenHoldsTheDataUntilTheResume(String when) {
        if (when.equals("before")) {
            server.beforeStart = s -> ((IPushProducer) s.transport()).pauseProducing();
        } else {
            server.afterStart = s -> ((IPushProducer) s.transport()).pauseProducing();
        }
        client.onHandshake = c -> c.transport().write("secret".getBytes(US_ASCII));
        IOPump pump = connect(true);
        assertThat(server.tls().isHandshakeDone()).isTrue();
        assertThat(pump.serverIO().isPaused())
                .as("paused beneath once the handshake is done")
                .isTrue();
        assertThat(server.secure.size()).isZero();

        ((IPushProducer) server.transport()).resumeProducing();
        pump.flush();
        assertThat(text(server.secure)).isEqualTo("secret");
        assertThat(pump.serverIO().isPaused()).isFalse();
    }

    @Test
    void recordsAfterTheSwitchSplitAtEveryBoundaryDecryptToTheSamePlaintext() {
        chunked(random(600, 3), Chunking.standard().splits(cipherLength(600)).toList());
    }

    @Test
    void twoRecordsAfterTheSwitchSplitSeveralWaysDecryptToTheSamePlaintext() {
        chunked(
                random(20_000, 4),
                List.of(
                        Split.whole(),
                        Split.oneByteAtATime(),
                        Split.every(7),
                        Split.every(1000),
                        Split.at(16_400),
                        Split.random(1),
                        Split.random(2, 50)));
    }

    /** The ciphertext of {@code n} plaintext bytes after the switch (records have a fixed overhead). */
    private static int cipherLength(int n) {
        StartTLSTest t = new StartTLSTest();
        IOPump pump = t.connect(true);
        int before = pump.clientIO().pendingBytes().length;
        t.client.transport().write(new byte[n]);
        return pump.clientIO().pendingBytes().length - before;
    }

    /**
     * Writes {@code plain} once per split after the switch and feeds the server's TLS layer its
     * ciphertext cut by that split; the pump is not pumped, so it delivers nothing itself.
     */
    private void chunked(byte[] plain, List<Split> splits) {
        IOPump pump = connect(true);
        IProtocol serverLayer = (IProtocol) server.tls();
        int sent = pump.clientIO().pendingBytes().length;
        for (Split split : splits) {
            server.secure.reset();
            client.transport().write(plain.clone());
            byte[] all = pump.clientIO().pendingBytes();
            byte[] cipher = Arrays.copyOfRange(all, sent, all.length);
            sent = all.length;
            assertThat(new String(cipher, ISO_8859_1)).doesNotContain(new String(plain, 0, 16, ISO_8859_1));
            split.deliver(cipher, serverLayer);
            assertThat(server.secure.toByteArray()).as(split.toString()).isEqualTo(plain);
        }
        assertThat(splits).hasSizeGreaterThan(5);
        assertThat(server.reason()).isNull();
    }
}
