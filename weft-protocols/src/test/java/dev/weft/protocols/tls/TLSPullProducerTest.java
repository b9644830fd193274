package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.LogCapture;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pull producer on a TLS transport, in memory: driven from a loop on the connection's clock, one
 * {@code resumeProducing()} per turn, and registered beneath as a streaming producer, so that TLS's
 * hold during the handshake and the transport beneath pause it (Twisted's {@code _PullToPush}).
 */
class TLSPullProducerTest {
    private final Turns turns = new Turns();

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A TLS client whose clock is {@link #turns} and a server, over an IOPump; the handshake runs if {@code flush}. */
    private IOPump connect(Peer client, Peer server, boolean flush) {
        return connect(new TLSMemoryBIOProtocol(Tls.client(), client).withClock(turns), server, flush);
    }

    private static IOPump connect(TLSMemoryBIOProtocol clientTls, Peer server, boolean flush) {
        TLSMemoryBIOProtocol serverTls = new TLSMemoryBIOProtocol(Tls.server(), server);
        return IOPump.connectedServerAndClient(() -> serverTls, () -> clientTls, flush)
                .pump();
    }

    private static IPushProducer beneath(IOPump pump) {
        return (IPushProducer) pump.clientIO().producer();
    }

    /** Turns and pumps until the producer unregisters (at most {@code limit} turns). */
    private void runToTheEnd(Chunks producer, IOPump pump, int limit) {
        for (int i = 0; i < limit && !producer.unregistered; i++) {
            turns.turn();
            pump.pump();
        }
        pump.flush();
        assertThat(producer.unregistered).as("the producer ran out").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void isAskedOncePerTurnThroughAStreamingRegistrationAndItsBytesArriveWholeInOrder(String version) {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(
                new TLSMemoryBIOProtocol(Tls.client().withProtocols(version), client).withClock(turns), server, true);
        byte[] payload = random(1 << 20, 3);
        int piece = 16 * 1024 + 1; // pieces cross record boundaries
        Chunks producer = new Chunks(payload, piece, client.tls());
        client.tls().registerProducer(producer);

        assertThat(pump.clientIO().isStreamingProducer()).isTrue();
        assertThat(pump.clientIO().producer()).isNotSameAs(producer);
        assertThat(producer.calls())
                .as("the first call waits for the next turn")
                .isZero();
        turns.turn();
        assertThat(producer.calls()).isEqualTo(1);
        turns.turn();
        assertThat(producer.calls()).isEqualTo(2);

        runToTheEnd(producer, pump, 1000);
        assertThat(server.bytes()).isEqualTo(payload);
        int pieces = (payload.length + piece - 1) / piece;
        assertThat(producer.calls()).isEqualTo(pieces + 1); // then the call that unregisters
        assertThat(pump.clientIO().producer()).isNull();
        assertThat(turns.getDelayedCalls()).isEmpty();
        assertThat(producer.stops).isZero();
    }

    @Test
    void isAskedOnceBeforeTheHandshakeThenHeldUntilTheHandshakeIsDone() {
        Peer client = new Peer();
        Peer server = new Peer();
        byte[] payload = random(5000, 4);
        Chunks[] producer = new Chunks[1];
        client.onConnect = c -> {
            producer[0] = new Chunks(payload, 1000, c.tls());
            c.tls().registerProducer(producer[0]);
        };
        IOPump pump = connect(client, server, false);
        Chunks p = producer[0];

        turns.turns(5);
        assertThat(p.handshakeDoneAtEachCall)
                .as("its first write waits for the handshake and TLS pauses it")
                .containsExactly(false);

        pump.flush(); // the handshake ends: TLS sends the held write and lets the producer run
        assertThat(client.tls().isHandshakeDone()).isTrue();
        runToTheEnd(p, pump, 100);
        assertThat(p.handshakeDoneAtEachCall).hasSize(6).containsOnlyOnce(false);
        assertThat(server.bytes()).isEqualTo(payload);
    }

    @Test
    void isPausedWhileTheTransportBeneathIsFullAndResumedAfterIt() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(client, server, true);
        byte[] payload = random(10_000, 5);
        Chunks producer = new Chunks(payload, 1000, client.tls());
        producer.onResume = n -> {
            if (n == 3) {
                beneath(pump).pauseProducing(); // this write fills the socket's buffer
            }
        };
        client.tls().registerProducer(producer);

        turns.turns(6);
        pump.flush();
        assertThat(producer.calls()).isEqualTo(3);
        assertThat(server.bytes()).hasSize(3000);

        beneath(pump).resumeProducing(); // drained
        turns.turn();
        assertThat(producer.calls()).isEqualTo(4);
        runToTheEnd(producer, pump, 100);
        assertThat(server.bytes()).isEqualTo(payload);
    }

    @Test
    void connectionLossStopsTheLoopAndReachesTheProducerOnce() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(client, server, true);
        Chunks producer = Chunks.endless(client.tls());
        client.tls().registerProducer(producer);
        turns.turns(3);
        assertThat(producer.calls()).isEqualTo(3);

        server.transport().abortConnection(); // the peer resets the connection
        pump.flush();
        assertThat(client.isLost()).isTrue();
        assertThat(producer.stops).isEqualTo(1);

        turns.turns(5);
        assertThat(producer.calls()).isEqualTo(3);
        assertThat(turns.getDelayedCalls()).as("no iteration is pending").isEmpty();
        assertThat(producer.stops).isEqualTo(1);
    }

    @Test
    void unregisterProducerEndsTheLoopWithoutStoppingTheProducer() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(client, server, true);
        Chunks producer = Chunks.endless(client.tls());
        client.tls().registerProducer(producer);
        turns.turns(2);

        client.tls().unregisterProducer();
        turns.turns(5);
        assertThat(producer.calls()).isEqualTo(2);
        assertThat(producer.stops).isZero();
        assertThat(pump.clientIO().producer()).isNull();
        assertThat(turns.getDelayedCalls()).isEmpty();

        Chunks next = new Chunks(new byte[10], 5, client.tls()); // the slot is free again
        client.tls().registerProducer(next);
        runToTheEnd(next, pump, 10);
        assertThat(next.calls()).isEqualTo(3);
        assertThat(producer.calls()).isEqualTo(2);
    }

    /** As Twisted's {@code test_streamingProducerLoseConnectionWithProducer}, for a pull producer. */
    @Test
    void aProducerThatUnregistersInsideResumeProducingIsNotAskedAgainAndAPendingCloseProceeds() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(client, server, true);
        byte[] payload = random(3000, 6);
        Chunks producer = new Chunks(payload, 1000, client.tls());
        client.tls().registerProducer(producer);
        client.tls().loseConnection(); // waits for the producer to unregister
        turns.turn();
        pump.flush();
        assertThat(client.isLost()).isFalse();

        runToTheEnd(producer, pump, 10);
        turns.turns(5);
        assertThat(producer.calls()).isEqualTo(4);
        assertThat(server.bytes()).isEqualTo(payload);
        assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(client.reason.value()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(producer.stops).isZero();
    }

    @Test
    void aProducerMayHandOverToAnotherInsideResumeProducing() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(client, server, true);
        Chunks second = new Chunks("second".getBytes(US_ASCII), 2, client.tls());
        int[] firstCalls = {0};
        client.tls().registerProducer(new IPullProducer() {
            @Override
            public void resumeProducing() {
                firstCalls[0]++;
                client.tls().write("first ".getBytes(US_ASCII));
                client.tls().unregisterProducer();
                client.tls().registerProducer(second);
            }

            @Override
            public void stopProducing() {}
        });
        runToTheEnd(second, pump, 10);
        assertThat(firstCalls[0]).isEqualTo(1);
        assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("first second");
    }

    /** Twisted logs the failure and unregisters the producer: the connection stays up. */
    @Test
    void aProducerThatThrowsIsUnregisteredNotStoppedAndTheConnectionStaysUp() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(client, server, true);
        Chunks producer = new Chunks("0123456789".getBytes(US_ASCII), 4, client.tls());
        producer.onResume = n -> {
            if (n == 2) {
                throw new IllegalStateException("the file went away");
            }
        };
        client.tls().registerProducer(producer);
        try (LogCapture log = new LogCapture(PullToPush.class.getName())) {
            turns.turns(5);
            assertThat(log.thrown(IllegalStateException.class))
                    .singleElement()
                    .satisfies(e -> assertThat(e).hasMessage("the file went away"));
            assertThat(log.records().get(0).getMessage()).contains("failed, producing will be stopped");
        }
        assertThat(producer.calls()).isEqualTo(2);
        assertThat(producer.stops).isZero();
        assertThat(pump.clientIO().producer()).isNull();
        assertThat(turns.getDelayedCalls()).isEmpty();

        client.tls().write("!".getBytes(US_ASCII));
        pump.flush();
        assertThat(new String(server.bytes(), US_ASCII)).isEqualTo("0123!");
        assertThat(client.isLost()).isFalse();
    }

    @Test
    void registeringAfterTheConnectionIsLostStopsTheProducerAndStartsNoLoop() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(client, server, true);
        server.transport().abortConnection();
        pump.flush();
        assertThat(client.isLost()).isTrue();

        Chunks producer = Chunks.endless(client.tls());
        client.tls().registerProducer(producer);
        turns.turns(3);
        assertThat(producer.stops).isEqualTo(1);
        assertThat(producer.calls()).isZero();
        assertThat(turns.getDelayedCalls()).isEmpty();
    }

    /** Without a clock there is no loop: the transport beneath asks the producer, as on plain TCP. */
    @Test
    void withoutAClockThePullProducerIsRegisteredBeneathAndAskedAtEachDrain() {
        Peer client = new Peer();
        Peer server = new Peer();
        IOPump pump = connect(new TLSMemoryBIOProtocol(Tls.client(), client), server, true);
        byte[] payload = random(4000, 7);
        Chunks producer = new Chunks(payload, 1000, client.tls());
        client.tls().registerProducer(producer);
        assertThat(pump.clientIO().producer())
                .isInstanceOfSatisfying(
                        PullGate.class, g -> assertThat(g.producer()).isSameAs(producer));
        assertThat(pump.clientIO().isStreamingProducer()).isFalse();
        assertThat(producer.calls()).as("asked when it registers").isEqualTo(1);

        pump.pump();
        assertThat(producer.calls())
                .as("and once per pump of the fake transport")
                .isEqualTo(2);
        pump.flush();
        assertThat(producer.unregistered).isTrue();
        assertThat(server.bytes()).isEqualTo(payload);
    }

    /** Without a clock TLS still holds the producer while its first write waits for the handshake. */
    @Test
    void withoutAClockThePullProducerIsNotAskedWhileTheHandshakeHoldsItsWrite() {
        Peer client = new Peer();
        Peer server = new Peer();
        byte[] payload = random(4000, 8);
        Chunks[] producer = new Chunks[1];
        client.onConnect = c -> {
            producer[0] = new Chunks(payload, 1000, c.tls());
            c.tls().registerProducer(producer[0]);
        };
        IOPump pump = connect(new TLSMemoryBIOProtocol(Tls.client(), client), server, false);
        Chunks p = producer[0];
        assertThat(p.calls()).as("asked when it registers").isEqualTo(1);
        pump.pump(); // the fake transport asks again: TLS holds the request for the handshake
        assertThat(client.tls().isHandshakeDone()).isFalse();
        assertThat(p.calls()).isEqualTo(1);

        pump.flush();
        assertThat(p.unregistered).isTrue();
        assertThat(p.handshakeDoneAtEachCall).hasSize(5).containsOnlyOnce(false);
        assertThat(server.bytes()).isEqualTo(payload);
    }
}
