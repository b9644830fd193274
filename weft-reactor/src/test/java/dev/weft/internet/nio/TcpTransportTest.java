package dev.weft.internet.nio;

import static dev.weft.internet.nio.internal.Faults.LOGGER_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Deferred;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IAddress;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.testing.AccumulatingClientFactory;
import dev.weft.internet.testing.AccumulatingServerFactory;
import dev.weft.internet.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP transport's contract: invariants 60-70 and 80 of the protocol spec, on real sockets. */
final class TcpTransportTest {
    private final ReactorThread rt = ReactorThread.start();

    @AfterEach
    void stopReactor() {
        rt.close();
    }

    private TcpPair recorders() {
        return TcpPair.open(
                rt, new AccumulatingServerFactory(Recorder::new), new AccumulatingClientFactory(Recorder::new), null);
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Writes {@code data} in chunks of random sizes (1..maxChunk), each a fresh array. */
    static void writeInRandomChunks(INioTransport transport, byte[] data, long seed, int maxChunk) {
        Random random = new Random(seed);
        int offset = 0;
        while (offset < data.length) {
            int n = Math.min(data.length - offset, 1 + random.nextInt(maxChunk));
            transport.write(Arrays.copyOfRange(data, offset, offset + n));
            offset += n;
        }
    }

    private static String ascii(byte[] data) {
        return new String(data, StandardCharsets.US_ASCII);
    }

    @Test
    void connectionMadePrecedesEveryDataReceivedAndConnectionLostComesOnceAndLast() {
        TcpPair pair = recorders();
        rt.execute(() -> {
            pair.clientTransport().write(randomBytes(1, 1 << 20));
            pair.clientTransport().loseConnection();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            pair.serverTransport().write(new byte[] {1});
            for (Recorder r : List.of((Recorder) pair.server, (Recorder) pair.client)) {
                assertThat(r.events.get(0)).isEqualTo("made");
                assertThat(r.events.get(r.events.size() - 1)).isEqualTo("lost ConnectionDone");
                assertThat(r.events.stream().filter(e -> e.startsWith("lost"))).hasSize(1);
                assertThat(r.events.stream().filter(e -> e.equals("made"))).hasSize(1);
            }
            assertThat(((Recorder) pair.server).events).contains("data");
        });
    }

    @Test
    void theReceivedChunksConcatenateToThePeersWritesInBothDirections() {
        TcpPair pair = TcpPair.open(rt);
        byte[] up = randomBytes(11, 8 << 20);
        byte[] down = randomBytes(12, 8 << 20);
        rt.await(() -> {
            writeInRandomChunks(pair.clientTransport(), up, 21, 100_000);
            writeInRandomChunks(pair.serverTransport(), down, 22, 70_000);
            return dev.weft.defer.DeferredList.gatherResults(List.of(
                    pair.serverSink().received(up.length), pair.clientSink().received(down.length)));
        });
        rt.execute(() -> {
            assertThat(pair.server.data()).isEqualTo(up);
            assertThat(pair.client.data()).isEqualTo(down);
        });
    }

    @Test
    void writeNeverCallsAProtocolMethodSynchronously() {
        TcpPair pair = recorders();
        Recorder.calledDuringWrite = 0;
        rt.await(() -> {
            for (int i = 0; i < 100; i++) {
                Recorder.writeWatched(pair.clientTransport(), randomBytes(i, 10_000));
                Recorder.writeWatched(pair.serverTransport(), randomBytes(i, 10_000));
            }
            Recorder.writeWatched(pair.clientTransport(), new byte[1 << 20]);
            return pair.serverSink().received(100 * 10_000 + (1 << 20));
        });
        assertThat(rt.call(() -> Recorder.calledDuringWrite)).isZero();
    }

    @Test
    void nullDataIsRejectedAndWriteSequenceWritesInOrder() {
        TcpPair pair = TcpPair.open(rt);
        rt.await(() -> {
            INioTransport t = pair.clientTransport();
            assertThatThrownBy(() -> t.write(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> t.writeSequence(Arrays.asList(new byte[] {1}, null)))
                    .isInstanceOf(NullPointerException.class);
            t.writeSequence(
                    List.of("ab".getBytes(StandardCharsets.US_ASCII), "cd".getBytes(StandardCharsets.US_ASCII)));
            t.write(new byte[0]);
            return pair.serverSink().received(4);
        });
        // Nothing of a sequence holding a null is written: Twisted 22.4 checks every element first.
        assertThat(rt.call(() -> Arrays.toString(pair.server.data()))).isEqualTo("[97, 98, 99, 100]");
    }

    @Test
    void loseConnectionStopsReadingAtOnce() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(() -> new Recorder() {
            @Override
            public void bufferUpdated(int nbytes) {
                super.bufferUpdated(nbytes);
                if (!events.contains("loseConnection")) {
                    transport().loseConnection();
                    note("loseConnection");
                }
            }
        });
        TcpPair pair = TcpPair.open(rt, serverFactory, new AccumulatingClientFactory(Recorder::new), null);
        rt.execute(() -> pair.clientTransport().write(new byte[4 << 20]));
        rt.await(() -> pair.serverClosed);
        List<String> events = rt.call(() -> ((Recorder) pair.server).events);
        assertThat(events.subList(events.indexOf("loseConnection"), events.size()))
                .containsExactly("loseConnection", "lost ConnectionDone");
    }

    @Test
    void loseConnectionFlushesEverythingBufferedBeforeThePeerSeesConnectionDone() {
        TcpPair pair = TcpPair.open(rt);
        byte[] data = randomBytes(5, 3 << 20);
        rt.execute(() -> {
            pair.serverTransport().write(data);
            pair.serverTransport().loseConnection();
            assertThat(pair.serverTransport().isDisconnecting()).isTrue();
            assertThat(pair.serverTransport().isReading()).isFalse();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(pair.client.data()).isEqualTo(data);
            assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
        });
    }

    @Test
    void dataWrittenAfterLoseConnectionIsStillDelivered() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> {
            pair.clientTransport().write("before ".getBytes(StandardCharsets.US_ASCII));
            pair.clientTransport().loseConnection();
            pair.clientTransport().write("after".getBytes(StandardCharsets.US_ASCII));
        });
        pair.awaitBothClosed(rt);
        assertThat(rt.call(() -> ascii(pair.server.data()))).isEqualTo("before after");
    }

    @Test
    void writesAfterConnectionLostAreIgnored() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> pair.clientTransport().loseConnection());
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            pair.clientTransport().write(new byte[] {1, 2, 3});
            pair.clientTransport().writeSequence(List.of(new byte[] {4}));
            pair.clientTransport().loseConnection();
            pair.clientTransport().abortConnection();
            assertThat(pair.clientTransport().bufferedBytes()).isZero();
        });
    }

    @Test
    void insideConnectionLostTheTransportIsDisconnectedAndItsProducerStoppedAndUnregistered() {
        List<String> producerCalls = new java.util.ArrayList<>();
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory(() -> new Recorder() {
            @Override
            public void connectionLost(dev.weft.defer.Failure reason) {
                producerCalls.add("connectionLost");
                // The old producer is gone: a new one registers without complaint and is stopped at once.
                transport().registerProducer(new RecordingPushProducer(producerCalls, "second"), true);
                super.connectionLost(reason);
            }
        });
        TcpPair pair = TcpPair.open(rt, new AccumulatingServerFactory(Recorder::new), clientFactory, null);
        rt.execute(() -> {
            pair.clientTransport().registerProducer(new RecordingPushProducer(producerCalls, "first"), true);
            pair.serverTransport().loseConnection();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            Recorder client = (Recorder) pair.client;
            assertThat(client.connectedInLost).isFalse();
            assertThat(client.disconnectedInLost).isTrue();
            assertThat(producerCalls).containsExactly("first stopProducing", "connectionLost", "second stopProducing");
        });
    }

    @Test
    void abortConnectionDropsBufferedDataAndReportsConnectionAbortedOnALaterTurn() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> {
            INioTransport t = pair.clientTransport();
            t.write(new byte[8 << 20]);
            t.abortConnection();
            assertThat(pair.client.isClosed()).isFalse();
            assertThat(t.bufferedBytes()).isZero();
            t.abortConnection();
            t.loseConnection();
            t.write(new byte[] {1});
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionAborted.class);
            assertThat(pair.server.closedReason().value())
                    .isInstanceOf(ConnectionLost.class)
                    .isNotInstanceOf(ConnectionAborted.class);
            assertThat(pair.server.dataSize()).isZero();
        });
    }

    @Test
    void abortAfterLoseConnectionStillAborts() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> {
            pair.clientTransport().write(new byte[8 << 20]);
            pair.clientTransport().loseConnection();
            pair.clientTransport().abortConnection();
        });
        pair.awaitBothClosed(rt);
        rt.execute(() -> assertThat(pair.client.closedReason().value()).isInstanceOf(ConnectionAborted.class));
    }

    @Test
    void anExceptionFromDataReceivedIsLoggedAndClosesWithItDroppingPendingWrites() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(() -> new Recorder() {
            @Override
            public void bufferUpdated(int nbytes) {
                transport().write("reply".getBytes(StandardCharsets.US_ASCII));
                throw new ArithmeticException("divided by zero");
            }
        });
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            TcpPair pair = TcpPair.open(rt, serverFactory, new AccumulatingClientFactory(Recorder::new), null);
            rt.execute(() -> pair.clientTransport().write(new byte[] {1}));
            pair.awaitBothClosed(rt);
            rt.execute(() -> {
                assertThat(pair.server.closedReason().value())
                        .isInstanceOf(ArithmeticException.class)
                        .hasMessage("divided by zero");
                assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
                assertThat(pair.client.dataSize()).isZero();
            });
            assertThat(log.thrown(ArithmeticException.class)).hasSize(1);
        }
    }

    @Test
    void anExceptionFromTheClientsConnectionMadeClosesTheConnectionWithIt() {
        AccumulatingClientFactory clientFactory = new AccumulatingClientFactory(() -> {
            Recorder r = new Recorder();
            r.throwIn = "connectionMade";
            return r;
        });
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            TcpPair pair = TcpPair.open(rt, new AccumulatingServerFactory(Recorder::new), clientFactory, null);
            pair.awaitBothClosed(rt);
            rt.execute(() -> {
                assertThat(pair.client.closedReason().value()).hasMessage("thrown on purpose by connectionMade");
                assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
                assertThat(pair.clientFactory.lostReason().value()).hasMessageContaining("on purpose");
            });
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    /** weft closes on a server connectionMade exception too (Twisted only logs it); pinned here. */
    @Test
    void anExceptionFromTheServersConnectionMadeAlsoClosesTheConnection() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(() -> {
            Recorder r = new Recorder();
            r.throwIn = "connectionMade";
            return r;
        });
        TcpPair pair = TcpPair.open(rt, serverFactory, new AccumulatingClientFactory(Recorder::new), null);
        pair.awaitBothClosed(rt);
        rt.execute(() -> {
            assertThat(pair.server.closedReason().value()).hasMessage("thrown on purpose by connectionMade");
            assertThat(pair.client.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class);
        });
    }

    @Test
    void anExceptionFromConnectionLostIsOnlyLogged() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(() -> {
            Recorder r = new Recorder();
            r.throwIn = "connectionLost";
            return r;
        });
        try (LogCapture log = new LogCapture(LOGGER_NAME)) {
            TcpPair pair = TcpPair.open(rt, serverFactory, new AccumulatingClientFactory(Recorder::new), null);
            rt.execute(() -> pair.clientTransport().loseConnection());
            pair.awaitBothClosed(rt);
            // The reactor goes on: a new connection works.
            TcpPair second = TcpPair.open(rt);
            assertThat(second.server.isMade()).isTrue();
            assertThat(log.thrown(IllegalStateException.class)).hasSize(1);
        }
    }

    @Test
    void tcpNoDelayAndKeepAliveAreOffByDefaultAndRoundTripOnBothSides() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> {
            for (INioTransport t : List.of(pair.clientTransport(), pair.serverTransport())) {
                assertThat(t.getTcpNoDelay()).isFalse();
                assertThat(t.getTcpKeepAlive()).isFalse();
                t.setTcpNoDelay(true);
                t.setTcpKeepAlive(true);
                assertThat(t.getTcpNoDelay()).isTrue();
                assertThat(t.getTcpKeepAlive()).isTrue();
                t.setTcpNoDelay(false);
                t.setTcpKeepAlive(false);
                assertThat(t.getTcpNoDelay()).isFalse();
                assertThat(t.getTcpKeepAlive()).isFalse();
            }
        });
    }

    @Test
    void addressesAgreeOnBothSides() {
        TcpPair pair = TcpPair.open(rt);
        rt.execute(() -> {
            IAddress portHost = pair.port.getHost();
            assertThat(portHost).isEqualTo(IPv4Address.tcp("127.0.0.1", ((IPv4Address) portHost).port()));
            assertThat(pair.clientFactory.peerAddresses()).containsExactly(portHost);
            assertThat(pair.clientTransport().getPeer()).isEqualTo(portHost);
            assertThat(pair.serverTransport().getHost()).isEqualTo(portHost);
            IAddress clientHost = pair.clientTransport().getHost();
            assertThat(pair.serverFactory.peerAddresses()).containsExactly(clientHost);
            assertThat(pair.serverTransport().getPeer()).isEqualTo(clientHost);
            assertThat(((IPv4Address) clientHost).host()).isEqualTo("127.0.0.1");
            assertThat(pair.serverTransport()).hasToString("<Sink #0 on " + ((IPv4Address) portHost).port() + ">");
        });
    }

    @Test
    void pauseProducingStopsReadingUntilResumeProducing() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(() -> {
            Recorder r = new Recorder();
            r.pauseWhenMade = true;
            return r;
        });
        TcpPair pair = TcpPair.open(rt, serverFactory, new AccumulatingClientFactory(Recorder::new), null);
        byte[] data = randomBytes(3, 16 << 20);
        rt.await(() -> {
            assertThat(pair.serverTransport().isReading()).isFalse();
            pair.clientTransport().write(data);
            return turns(rt.reactor(), 3);
        });
        rt.execute(() -> {
            // Loopback delivers at once: had the server been reading, it would have read by now.
            assertThat(pair.serverTransport().isReading()).isFalse();
            assertThat(pair.server.dataSize()).isZero();
            assertThat(pair.clientTransport().bufferedBytes()).isPositive();
            pair.serverTransport().resumeProducing();
            assertThat(pair.serverTransport().isReading()).isTrue();
        });
        rt.await(() -> pair.serverSink().received(data.length));
        rt.execute(() -> assertThat(pair.server.data()).isEqualTo(data));
    }

    @Test
    void aPeerCloseWhilePausedIsReportedAfterResume() {
        AccumulatingServerFactory serverFactory = new AccumulatingServerFactory(() -> {
            Recorder r = new Recorder();
            r.pauseWhenMade = true;
            return r;
        });
        TcpPair pair = TcpPair.open(rt, serverFactory, new AccumulatingClientFactory(Recorder::new), null);
        rt.execute(() -> pair.clientTransport().loseConnection());
        rt.await(() -> pair.clientClosed.addCallbackDeferring(ignored -> turns(rt.reactor(), 3)));
        rt.execute(() -> {
            assertThat(pair.server.isClosed()).isFalse();
            pair.serverTransport().resumeProducing();
        });
        rt.await(() -> pair.serverClosed);
        rt.execute(() -> assertThat(pair.server.closedReason().value()).isExactlyInstanceOf(ConnectionDone.class));
    }

    /** Fires after {@code n} more turns of the reactor loop. */
    static Deferred<Void> turns(NioReactor reactor, int n) {
        Deferred<Void> d = new Deferred<>();
        Runnable[] step = new Runnable[1];
        int[] left = {n};
        step[0] = () -> {
            if (--left[0] <= 0) {
                d.callback(null);
            } else {
                reactor.callLater(0, step[0]);
            }
        };
        reactor.callLater(0, step[0]);
        return d;
    }

    /** A push producer that records its calls as "name call". */
    static final class RecordingPushProducer implements IPushProducer {
        private final List<String> calls;
        private final String name;

        RecordingPushProducer(List<String> calls, String name) {
            this.calls = calls;
            this.name = name;
        }

        @Override
        public void pauseProducing() {
            calls.add(name + " pauseProducing");
        }

        @Override
        public void resumeProducing() {
            calls.add(name + " resumeProducing");
        }

        @Override
        public void stopProducing() {
            calls.add(name + " stopProducing");
        }
    }
}
