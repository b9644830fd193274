package dev.weft.internet.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IPullProducer;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.testing.NonStreamingProducer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Producers on the TCP transport: invariants 77 and 78, and which of them hold a loseConnection (as in Twisted). */
final class ProducerTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    /** A push producer that records calls and fires a Deferred on its first resume. */
    static final class Push implements IPushProducer {
        final List<String> calls = new ArrayList<>();
        final Deferred<Void> resumed = new Deferred<>();

        @Override
        public void pauseProducing() {
            calls.add("pause");
        }

        @Override
        public void resumeProducing() {
            calls.add("resume");
            if (!resumed.isCalled()) {
                resumed.callback(null);
            }
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    }

    @Test
    void aStreamingProducerIsPausedByEachWriteOverTheHighWaterMarkAndResumedOnceAfterTheDrain() {
        TcpPair pair = TcpPair.open(rt);
        Push producer = new Push();
        rt.await(() -> {
            INioTransport t = pair.clientTransport();
            t.registerProducer(producer, true);
            for (int i = 0; i < 10; i++) {
                t.write(new byte[20_000]); // passes 65536 on the 4th write
            }
            assertThat(producer.calls).containsExactly("pause", "pause", "pause", "pause", "pause", "pause", "pause");
            return producer.resumed;
        });
        rt.await(() -> TcpTransportTest.turns(rt.reactor(), 3));
        rt.execute(() -> {
            assertThat(producer.calls)
                    .endsWith("pause", "resume")
                    .filteredOn("resume"::equals)
                    .hasSize(1);
            assertThat(pair.clientTransport().bufferedBytes()).isZero();
        });
    }

    /**
     * Port of Twisted's {@code WriteSequenceTestsMixin.test_streamingProducer} (internet/test/test_tcp.py):
     * one {@code writeSequence} that overfills the buffer pauses the producer once, and the drain
     * resumes it once.
     */
    @Test
    void oneWriteSequenceOverTheMarkPausesAStreamingProducerOnceAndTheDrainResumesItOnce() {
        TcpPair pair = TcpPair.open(rt);
        Push producer = new Push();
        rt.await(() -> {
            INioTransport t = pair.clientTransport();
            t.registerProducer(producer, true);
            assertThat(producer.calls).isEmpty();
            List<byte[]> pieces = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pieces.add(new byte[5_000]); // 100,000 bytes: past 65536 from the 14th piece on
            }
            t.writeSequence(pieces);
            assertThat(producer.calls).containsExactly("pause");
            return producer.resumed;
        });
        rt.await(() -> pair.serverSink().received(100_000));
        rt.execute(() -> {
            assertThat(producer.calls).containsExactly("pause", "resume");
            pair.clientTransport().unregisterProducer();
        });
    }

    @Test
    void aStreamingProducerUnderTheMarkIsNeitherPausedNorResumed() {
        TcpPair pair = TcpPair.open(rt);
        Push producer = new Push();
        rt.await(() -> {
            pair.clientTransport().registerProducer(producer, true);
            pair.clientTransport().write(new byte[INioTransport.HIGH_WATER_MARK]);
            return pair.serverSink().received(INioTransport.HIGH_WATER_MARK);
        });
        assertThat(rt.call(() -> producer.calls)).isEmpty();
    }

    @Test
    void aPullProducerIsResumedAtRegistrationAndAfterEachDrainAndLoseConnectionWaitsForIt() {
        TcpPair pair = TcpPair.open(rt);
        NonStreamingProducer[] producer = new NonStreamingProducer[1];
        rt.execute(() -> {
            producer[0] = new NonStreamingProducer(pair.clientTransport());
            pair.clientTransport().registerProducer(producer[0], false);
            assertThat(producer[0].counter()).isEqualTo(1);
            pair.clientTransport().loseConnection();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(producer[0].counter()).isEqualTo(NonStreamingProducer.COUNT);
            assertThat(producer[0].isStopped()).isFalse();
            assertThat(new String(pair.server.data(), StandardCharsets.US_ASCII))
                    .isEqualTo("0123456789");
            assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
        });
    }

    /**
     * As Twisted's TCP transport does (checked against Twisted 22.4: the producer gets stopProducing,
     * then the protocol ConnectionDone): a push producer the transport has not paused does not hold
     * the close; it is stopped once the written bytes are sent, before connectionLost.
     */
    @Test
    void loseConnectionStopsARunningStreamingProducerOnceTheBytesAreSent() {
        TcpPair pair = TcpPair.open(rt);
        Push producer = new Push();
        List<String> order = new ArrayList<>();
        rt.execute(() -> {
            pair.clientTransport().registerProducer(producer, true);
            pair.clientTransport().write(new byte[] {1, 2, 3});
            pair.clientTransport().loseConnection();
            assertThat(producer.calls).isEmpty();
            pair.clientClosed.addCallback(ignored -> {
                order.addAll(producer.calls);
                order.add("connectionLost");
                return ignored;
            });
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(pair.server.data()).containsExactly(1, 2, 3);
            assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(order).containsExactly("stop", "connectionLost");
        });
    }

    /**
     * Twisted's TCP transport again: a push producer paused because the buffer passed the high-water
     * mark is resumed when it drains, and from then on holds a pending close until it unregisters.
     */
    @Test
    void aStreamingProducerPausedByTheBufferIsResumedAndHoldsTheCloseUntilItUnregisters() {
        TcpPair pair = TcpPair.open(rt);
        Push producer = new Push();
        int size = INioTransport.HIGH_WATER_MARK + 1;
        rt.await(() -> {
            pair.clientTransport().registerProducer(producer, true);
            pair.clientTransport().write(new byte[size]);
            pair.clientTransport().loseConnection();
            assertThat(producer.calls).containsExactly("pause");
            return producer.resumed;
        });
        rt.await(() -> pair.serverSink().received(size));
        rt.await(() -> TcpTransportTest.turns(rt.reactor(), 3));
        rt.execute(() -> {
            assertThat(pair.clientTransport().isConnected()).isTrue();
            assertThat(pair.server.isClosed()).isFalse();
            pair.clientTransport().write(new byte[] {4});
            pair.clientTransport().unregisterProducer();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(pair.server.data()).hasSize(size + 1).endsWith(4);
            assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(producer.calls).containsExactly("pause", "resume");
        });
    }

    @Test
    void aSecondProducerIsRejectedAndTheFirstStays() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> {
            Push first = new Push();
            pair.clientTransport().registerProducer(first, true);
            assertThatThrownBy(() -> pair.clientTransport().registerProducer(new Push(), true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already registered");
            pair.clientTransport().abortConnection();
        });
        pair.awaitBothClosed(rt);
    }

    @Test
    void aProducerOfTheWrongKindIsRejected() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> {
            IPullProducer pull = new IPullProducer() {
                @Override
                public void resumeProducing() {}

                @Override
                public void stopProducing() {}
            };
            assertThatThrownBy(() -> pair.clientTransport().registerProducer(pull, true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("IPushProducer");
        });
    }

    @Test
    void aProducerRegisteredOnALostConnectionIsStoppedAtOnce() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> pair.clientTransport().loseConnection());
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            Push producer = new Push();
            pair.clientTransport().registerProducer(producer, true);
            assertThat(producer.calls).containsExactly("stop");
        });
    }

    @Test
    void unregisteringWithNoProducerDoesNothing() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> pair.clientTransport().unregisterProducer());
    }
}
