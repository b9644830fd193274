package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.Split;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TLS transport as a push producer, in memory: pause, resume, stop, and the handshake never starved. */
class TLSFlowControlTest {
    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String text(Peer p) {
        return new String(p.bytes(), US_ASCII);
    }

    @Test
    void theTlsTransportIsAPushProducer() {
        var p = Tls.pair(Tls.client(), new Peer(), Tls.server(), new Peer());
        assertThat(p.client().transport()).isInstanceOf(IPushProducer.class).isSameAs(p.clientTls());
    }

    @Test
    void pauseAfterTheHandshakeStopsReadingBeneathAndDeliveryAndResumeDeliversInOrder() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.tls().pauseProducing();
        assertThat(p.pump().clientIO().isPaused())
                .as("the transport beneath stops reading")
                .isTrue();

        server.transport().write(ascii("one "));
        server.transport().write(ascii("two "));
        server.transport().write(ascii("three"));
        p.pump().flush();
        assertThat(client.bytes()).isEmpty();

        client.tls().resumeProducing();
        assertThat(p.pump().clientIO().isPaused()).isFalse();
        p.pump().flush();
        assertThat(text(client)).isEqualTo("one two three");
    }

    /**
     * A protocol that pauses inside {@code dataReceived} gets no more plaintext: the records after
     * the one it is handling stay encrypted (nothing piles up beyond what was read), whatever the
     * split of the ciphertext, and arrive in order on the resume.
     */
    @Test
    void aPauseInsideDataReceivedHoldsTheRestOfTheChunkInEverySplitUntilTheResume() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        List<String> words = List.of("alpha ", "beta ", "gamma ", "delta");
        String all = String.join("", words);
        int[] sent = {p.pump().serverIO().pendingBytes().length};
        Supplier<byte[]> fourRecords = () -> {
            for (String w : words) {
                server.transport().write(ascii(w)); // one record each
            }
            byte[] pending = p.pump().serverIO().pendingBytes();
            byte[] cipher = Arrays.copyOfRange(pending, sent[0], pending.length);
            sent[0] = pending.length;
            return cipher;
        };
        byte[] first = fourRecords.get();
        client.onData = c -> {
            c.tls().pauseProducing();
            c.onData = again -> {};
        };
        p.clientTls().dataReceived(first);
        assertThat(text(client)).isEqualTo(words.get(0));
        client.tls().resumeProducing();
        assertThat(text(client)).isEqualTo(all);
        List<Split> splits = Chunking.standard().splits(first.length).toList();
        assertThat(splits).hasSizeGreaterThan(10);
        for (Split split : splits) {
            byte[] cipher = fourRecords.get(); // fresh records: TLS refuses a replay
            assertThat(cipher).hasSameSizeAs(first);
            client.received.reset();
            client.onData = c -> c.tls().pauseProducing();
            split.deliver(cipher, p.clientTls()); // as a transport that ignores the pause would
            assertThat(text(client)).as(split.toString()).isEqualTo(words.get(0));
            assertThat(p.pump().clientIO().isPaused()).isTrue();

            client.onData = c -> {};
            client.tls().resumeProducing();
            assertThat(text(client)).as(split.toString()).isEqualTo(all);
            assertThat(p.pump().clientIO().isPaused()).isFalse();
        }
        assertThat(client.isLost()).isFalse();
    }

    @Test
    void resumeInsideDataReceivedAfterAPauseDeliversTheRestAtOnce() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.onData = c -> {
            c.tls().pauseProducing();
            c.tls().resumeProducing();
        };
        server.transport().write(ascii("a"));
        server.transport().write(ascii("b"));
        server.transport().write(ascii("c"));
        p.pump().flush();
        assertThat(text(client)).isEqualTo("abc");
        assertThat(p.pump().clientIO().isPaused()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aPauseDuringTheHandshakeDoesNotStopItAndTakesEffectAfterIt(String version) {
        Peer client = new Peer();
        Peer server = new Peer();
        server.onConnect = s -> s.tls().pauseProducing(); // as tap pauses its client leg
        server.onHandshake = s -> {
            // TLS still reads while its handshake runs
            assertThat(s.tls().isHandshakeDone()).isTrue();
        };
        client.onHandshake = c -> c.transport().write(ascii("hello"));
        var p = Tls.pair(Tls.client().withProtocols(version), client, Tls.server(), server);

        assertThat(server.tls().isHandshakeDone()).isTrue();
        assertThat(client.tls().isHandshakeDone()).isTrue();
        assertThat(p.pump().serverIO().isPaused())
                .as("the pause applies once the handshake is done")
                .isTrue();
        assertThat(server.bytes()).isEmpty();

        server.tls().resumeProducing();
        p.pump().flush();
        assertThat(text(server)).isEqualTo("hello");
        assertThat(server.events).containsExactly("made handshakeDone=false", "handshake", "data");
    }

    @Test
    void aResumeBeforeTheHandshakeEndsJustClearsThePause() {
        Peer client = new Peer();
        Peer server = new Peer();
        server.onConnect = s -> {
            s.tls().pauseProducing();
            s.tls().resumeProducing();
        };
        client.onHandshake = c -> c.transport().write(ascii("hello"));
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        assertThat(p.pump().serverIO().isPaused()).isFalse();
        assertThat(text(server)).isEqualTo("hello");
    }

    @Test
    void aPauseBeforeConnectingIsRememberedUntilTheHandshakeIsDone() {
        Peer client = new Peer();
        Peer server = new Peer();
        TLSMemoryBIOProtocol layer = new TLSMemoryBIOProtocol(Tls.server(), server);
        layer.pauseProducing();
        client.onHandshake = c -> c.transport().write(ascii("early"));
        IOPump pump = IOPump.connectedServerAndClient(
                        () -> layer, () -> new TLSMemoryBIOProtocol(Tls.client(), client), true)
                .pump();
        assertThat(layer.isHandshakeDone()).isTrue();
        assertThat(pump.serverIO().isPaused()).isTrue();
        assertThat(server.bytes()).isEmpty();
        layer.resumeProducing();
        pump.flush();
        assertThat(text(server)).isEqualTo("early");
    }

    /** A paused protocol that closes still gets the peer's close_notify, and what came before it first. */
    @Test
    void loseConnectionWhilePausedStillReadsThePeersCloseNotifyAndDeliversWhatCameFirst() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.tls().pauseProducing();
        server.transport().write(ascii("late")); // in flight when the client closes
        client.transport().loseConnection();
        assertThat(p.pump().clientIO().isPaused())
                .as("the close_notify exchange reads")
                .isFalse();
        p.pump().flush();
        assertThat(text(client)).isEqualTo("late");
        assertThat(client.events).containsSubsequence("data", "lost ConnectionDone");
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    /** As Twisted flushes its receive BIO in connectionLost: nothing read is lost to a pause. */
    @Test
    void whatAPauseHeldBackIsDeliveredBeforeConnectionLost() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.onData = c -> c.tls().pauseProducing();
        server.transport().write(ascii("first "));
        server.transport().write(ascii("second"));
        p.pump().flush();
        assertThat(text(client)).isEqualTo("first ");

        p.clientTls().connectionLost(new Failure(new ConnectionLost("reset by the peer")));
        assertThat(text(client)).isEqualTo("first second");
        assertThat(client.events).endsWith("data", "lost ConnectionLost");
    }

    @Test
    void stopProducingClosesCleanly() {
        Peer client = new Peer();
        Peer server = new Peer();
        var p = Tls.pair(Tls.client(), client, Tls.server(), server);
        client.tls().stopProducing();
        p.pump().flush();
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
    }

    @Test
    void aProducerOnATlsTransportIsHeldDuringTheHandshakeAndPausedByTheTransportBeneath() {
        Peer server = new Peer();
        StartTLSTest.Producer producer = new StartTLSTest.Producer();
        Peer client = new Peer();
        client.onConnect = c -> {
            c.transport().registerProducer(producer);
            c.transport().write(ascii("queued")); // waits for the handshake: the producer is held
        };
        var p = Tls.pair(Tls.client(), client, Tls.server(), server, false);
        IPushProducer beneath = (IPushProducer) p.pump().clientIO().producer();
        assertThat(producer.calls).containsExactly("pause");

        beneath.pauseProducing(); // the socket's buffer is full as well
        p.pump().flush(); // the handshake ends: TLS lets go, the transport beneath still holds it
        assertThat(text(server)).isEqualTo("queued");
        assertThat(producer.calls).containsExactly("pause");

        beneath.resumeProducing();
        assertThat(producer.calls).containsExactly("pause", "resume");
        beneath.pauseProducing();
        beneath.stopProducing();
        assertThat(producer.calls).containsExactly("pause", "resume", "pause", "stop");
    }

    /**
     * Two TLS connections each registered as the other's producer (the shape of {@code weft tap})
     * both finish their handshakes although each writes before its own is done, then move 1 MiB each
     * way in order.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void twoTlsConnectionsFeedingEachOtherBothHandshakeAndPassOneMebibyteEachWay(String version) {
        byte[] up = new byte[1 << 20];
        byte[] down = new byte[1 << 20];
        new Random(7).nextBytes(up);
        new Random(8).nextBytes(down);
        Relay front = new Relay(); // the proxy's leg toward the client: a TLS server
        Relay back = new Relay(); // the proxy's leg toward the server: a TLS client
        front.other = back;
        back.other = front;
        Peer client = new Peer();
        Peer server = new Peer();
        client.onHandshake = c -> c.transport().write(up.clone());
        server.onHandshake = s -> s.transport().write(down.clone());

        var a = Tls.pair(Tls.client().withProtocols(version), client, Tls.server(), front, false);
        var b = Tls.pair(Tls.client().withProtocols(version), back, Tls.server(), server, false);
        front.connect();
        back.connect();
        boolean moved = true;
        for (int rounds = 0; moved && rounds < 100_000; rounds++) {
            moved = a.pump().pump() | b.pump().pump();
        }
        assertThat(moved).as("the relay went quiet").isFalse();
        assertThat(front.tls().isHandshakeDone()).isTrue();
        assertThat(back.tls().isHandshakeDone()).isTrue();
        assertThat(new String(server.bytes(), 0, 10, US_ASCII)).isEqualTo("from back ");
        assertThat(new String(client.bytes(), 0, 11, US_ASCII)).isEqualTo("from front ");
        assertThat(Arrays.copyOfRange(server.bytes(), 10, server.bytes().length))
                .isEqualTo(up);
        assertThat(Arrays.copyOfRange(client.bytes(), 11, client.bytes().length))
                .isEqualTo(down);
        assertThat(a.pump().serverIO().isPaused()).isFalse();
        assertThat(b.pump().clientIO().isPaused()).isFalse();
    }

    /** One leg of an in-memory proxy: forwards to the other leg, whose transport is its producer. */
    static final class Relay extends Peer {
        Relay other;

        /** Registers each leg as the other's producer and greets before any handshake is done. */
        void connect() {
            assertThat(tls().isHandshakeDone()).isFalse();
            transport().registerProducer((IPushProducer) other.transport());
            transport().write(ascii(greeting())); // queued: TLS holds the other leg meanwhile
        }

        private String greeting() {
            return tls().getHandle().getUseClientMode() ? "from back " : "from front ";
        }

        @Override
        public void dataReceived(byte[] data) {
            other.transport().write(data);
        }
    }
}
