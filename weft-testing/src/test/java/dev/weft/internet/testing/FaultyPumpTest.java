package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.ConnectionRefusedError;
import dev.weft.internet.task.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultyPumpTest {
    private final Clock clock = new Clock();

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private FaultyPump<FaultRecorder, FaultRecorder> connect(
            String faults, FaultRecorder server, FaultRecorder client) {
        return FaultyPump.connect(() -> server, () -> client, Faults.parse(faults), clock);
    }

    @Test
    void latencyDelaysEachWriteByItsMilliseconds() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultyPump<?, ?> pump =
                connect("c>s:latency=50", server, new FaultRecorder(clock).greeting("hello".getBytes(US_ASCII)));
        pump.advance(Duration.ofMillis(49));
        assertThat(server.events).isEmpty();

        pump.advance(Duration.ofMillis(51));
        assertThat(server.events).containsExactly("50ms read 5");
        assertThat(server.bytes()).asString(US_ASCII).isEqualTo("hello");
    }

    @Test
    void bandwidthLetsATenthOfTheRateThroughEvery100Milliseconds() {
        FaultRecorder client = new FaultRecorder(clock);
        FaultyPump<?, ?> pump = connect("s>c:bandwidth=1000/s", new FaultRecorder(clock).greeting(bytes(250)), client);
        assertThat(pump.drain()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(client.events).containsExactly("100ms read 100", "200ms read 100", "250ms read 50");
        assertThat(client.bytes()).isEqualTo(bytes(250));
    }

    @Test
    void sliceCutsEachWriteIntoSeededPiecesThatArriveAsSeparateReads() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultyPump<?, ?> pump = connect("c>s:slice=1-3,seed=7", server, new FaultRecorder(clock).greeting(bytes(100)));
        assertThat(server.bytes()).isEqualTo(bytes(100));
        assertThat(server.reads).allMatch(n -> n >= 1 && n <= 3);
        assertThat(server.reads).contains(1, 2, 3);
        assertThat(pump.trace()).hasSize(server.reads.size());
        assertThat(clock.seconds()).isZero();
    }

    @Test
    void closeAfterDeliversExactlyNBytesThenClosesBothSidesCleanly() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultRecorder client = new FaultRecorder(clock).greeting(bytes(25));
        FaultyPump<?, ?> pump = connect("c>s:close-after=10", server, client);
        assertThat(server.bytes()).isEqualTo(java.util.Arrays.copyOf(bytes(25), 10));
        assertThat(server.lost.check(ConnectionDone.class)).isNotNull();
        assertThat(client.lost.check(ConnectionDone.class)).isNotNull();
        assertThat(pump.link(Direction.CLIENT_TO_SERVER).dropped()).isEqualTo(15);
    }

    @Test
    void closeAfterZeroClosesAtOnce() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultRecorder client = new FaultRecorder(clock);
        connect("s>c:close-after=0", server, client);
        assertThat(server.lost.check(ConnectionDone.class)).isNotNull();
        assertThat(client.lost.check(ConnectionDone.class)).isNotNull();
        assertThat(client.reads).isEmpty();
    }

    @Test
    void resetAfterDeliversExactlyNBytesThenResetsBothSides() {
        FaultRecorder server = new FaultRecorder(clock).greeting(bytes(30));
        FaultRecorder client = new FaultRecorder(clock);
        connect("s>c:reset-after=12", server, client);
        assertThat(client.bytes()).isEqualTo(java.util.Arrays.copyOf(bytes(30), 12));
        assertThat(client.lost.check(ConnectionLost.class)).isNotNull();
        assertThat(server.lost.check(ConnectionLost.class)).isNotNull();
    }

    @Test
    void stallAfterHoldsTheRestAndKeepsTheConnectionOpen() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultRecorder client = new FaultRecorder(clock).greeting(bytes(25));
        FaultyPump<?, ?> pump = connect("c>s:stall-after=10", server, client);
        client.transport().write(bytes(5));
        pump.advance(Duration.ofSeconds(60));
        assertThat(server.bytes()).hasSize(10);
        assertThat(server.lost).isNull();
        assertThat(client.lost).isNull();
        assertThat(pump.link(Direction.CLIENT_TO_SERVER).held()).isEqualTo(20);
        assertThat(pump.link(Direction.CLIENT_TO_SERVER).isStalled()).isTrue();
    }

    @Test
    void theClientsCloseBehindAStallResetsTheServerOnceTheBytesBeforeItArrived() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultRecorder client = new FaultRecorder(clock).greeting(bytes(25));
        client.closeAfterGreeting = true;
        FaultyPump<?, ?> pump = connect("c>s:latency=50,c>s:stall-after=10", server, client);
        assertThat(client.lost.check(ConnectionDone.class)).isNotNull();
        pump.advance(Duration.ofMillis(49));
        assertThat(server.events).isEmpty();

        pump.advance(Duration.ofSeconds(60));
        assertThat(server.events).containsExactly("50ms read 10", "50ms lost ConnectionLost");
        assertThat(server.bytes()).isEqualTo(java.util.Arrays.copyOf(bytes(25), 10));
        assertThat(pump.link(Direction.CLIENT_TO_SERVER).held()).isEqualTo(15);
        assertThat(pump.trace())
                .containsExactly(
                        "c>s 50000us DATA 10",
                        "c>s 50000us END held by stall-after=10 (15 bytes held): server reset, client closed");
    }

    @Test
    void theClientsHalfCloseBehindAStallEndsTheConnectionAsTheTapDoes() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultRecorder.HalfCloseable client = new FaultRecorder.HalfCloseable(clock);
        FaultyPump<?, ?> pump = connect("c>s:stall-after=3", server, client);
        client.transport().write(bytes(8));
        ((dev.weft.internet.ITCPTransport) client.transport()).loseWriteConnection();
        pump.flush();
        assertThat(server.bytes()).hasSize(3);
        assertThat(server.lost.check(ConnectionLost.class)).isNotNull();
        assertThat(client.events)
                .as("both directions ended: the connection is closed, as by the reactor")
                .containsExactly("0ms write-end", "0ms read-end", "0ms lost ConnectionDone");
    }

    @Test
    void theServersCloseBehindAStallIsKeptFromTheClientWhoseCloseStillReachesTheServer() {
        FaultRecorder.HalfCloseable server = new FaultRecorder.HalfCloseable(clock);
        FaultRecorder client = new FaultRecorder(clock);
        FaultyPump<?, ?> pump = connect("s>c:stall-after=4", server, client);
        server.transport().write(bytes(9));
        ((dev.weft.internet.ITCPTransport) server.transport()).loseWriteConnection();
        pump.advance(Duration.ofSeconds(60));
        assertThat(client.events).containsExactly("0ms read 4");
        assertThat(client.lost).isNull();
        assertThat(pump.trace()).endsWith("s>c 0us END held by stall-after=4 (5 bytes held): the client is not told");

        client.transport().loseConnection();
        pump.flush();
        assertThat(server.events).endsWith("60000ms read-end", "60000ms lost ConnectionDone");
        assertThat(client.lost.check(ConnectionDone.class)).isNotNull();
    }

    @Test
    void halfCloseAfterEndsOneDirectionWhileTheOtherStillCarriesBytes() {
        FaultRecorder.HalfCloseable client = new FaultRecorder.HalfCloseable(clock);
        FaultRecorder server = new FaultRecorder(clock).greeting(bytes(9));
        FaultyPump<?, ?> pump = connect("s>c:half-close-after=4", server, client);
        assertThat(client.events).containsExactly("0ms read 4", "0ms read-end");
        assertThat(client.lost).isNull();

        client.transport().write("still here".getBytes(US_ASCII));
        pump.flush();
        assertThat(server.bytes()).asString(US_ASCII).isEqualTo("still here");
    }

    @Test
    void slowCloseDelaysTheEndOfStreamButNotTheData() {
        FaultRecorder server = new FaultRecorder(clock);
        FaultRecorder client = new FaultRecorder(clock).greeting(bytes(3));
        client.closeAfterGreeting = true;
        FaultyPump<?, ?> pump = connect("c>s:slow-close=250", server, client);
        pump.drain();
        assertThat(server.events).containsExactly("0ms read 3", "250ms lost ConnectionDone");
        assertThat(client.lost.check(ConnectionDone.class)).isNotNull();
    }

    @Test
    void refuseBuildsNoProtocolAndThrowsConnectionRefused() {
        assertThatThrownBy(() -> FaultyPump.connect(
                        () -> {
                            throw new AssertionError("server built");
                        },
                        () -> {
                            throw new AssertionError("client built");
                        },
                        Faults.parse("refuse"),
                        clock))
                .isInstanceOf(ConnectionRefusedError.class)
                .hasMessageContaining("refuse");
    }

    @Test
    void withoutFaultsAConversationGoesThroughUnchanged() {
        FaultRecorder server = new FaultRecorder(clock);
        server.echo = true;
        FaultRecorder client = new FaultRecorder(clock).greeting("ping".getBytes(US_ASCII));
        client.closeAfterGreeting = true;
        FaultyPump<?, ?> pump = connect("", server, client);
        assertThat(server.bytes()).asString(US_ASCII).isEqualTo("ping");
        assertThat(server.lost.check(ConnectionDone.class)).isNotNull();
        assertThat(client.lost.check(ConnectionDone.class)).isNotNull();
        assertThat(pump.trace()).containsExactly("c>s 0us DATA 4", "c>s 0us END", "s>c 0us DATA 4", "s>c 0us END");
    }

    /** One run of a whole faulty conversation: the trace, both sides' events and what the client got. */
    private static List<Object> run(long seed) {
        Clock c = new Clock();
        FaultRecorder server = new FaultRecorder(c);
        server.echo = true;
        FaultRecorder client = new FaultRecorder(c).greeting(bytes(300));
        FaultyPump<?, ?> pump = FaultyPump.connect(
                () -> server,
                () -> client,
                Faults.parse("c>s:slice=1-7,s>c:slice=2-5,latency=3,s>c:bandwidth=5000/s,c>s:slow-close=10")
                        .withSeed(seed),
                c);
        pump.drain();
        client.transport().loseConnection();
        pump.drain();
        assertThat(client.bytes()).isEqualTo(bytes(300));
        return List.of(pump.trace(), server.events, client.events, c.seconds());
    }

    @Test
    void theSameSeedGivesTheSameTraceOnAThousandSeeds() {
        Set<List<Object>> distinct = new HashSet<>();
        IntStream.range(0, 1000).forEach(seed -> {
            List<Object> first = run(seed);
            assertThat(run(seed)).as("seed %d", seed).isEqualTo(first);
            distinct.add(first);
        });
        assertThat(distinct).as("different seeds cut differently").hasSizeGreaterThan(990);
    }

    /** Every way of cutting {@code n} bytes into writes tried here: whole, in two at every boundary, one at a time. */
    private static List<List<Integer>> splits(int n) {
        List<List<Integer>> splits = new ArrayList<>();
        splits.add(List.of(n));
        for (int cut = 1; cut < n; cut++) {
            splits.add(List.of(cut, n - cut));
        }
        splits.add(java.util.Collections.nCopies(n, 1));
        return splits;
    }

    /**
     * Writes {@code message} to an echoing server through {@code latency=30~20} both ways, in writes of {@code sizes}
     * bytes 5 ms apart; checks that both sides got every byte in order, each write arriving 10 to 50 ms after it was
     * written; returns the trace, both sides' events and each write's delay in ms.
     */
    private static List<Object> jitteredEcho(byte[] message, List<Integer> sizes, long seed) {
        Clock c = new Clock();
        FaultRecorder server = new FaultRecorder(c);
        server.echo = true;
        FaultRecorder client = new FaultRecorder(c);
        FaultyPump<?, ?> pump = FaultyPump.connect(
                () -> server, () -> client, Faults.parse("latency=30~20").withSeed(seed), c);
        int offset = 0;
        for (int size : sizes) {
            client.transport().write(java.util.Arrays.copyOfRange(message, offset, offset + size));
            offset += size;
            pump.advance(Duration.ofMillis(5));
        }
        pump.drain();
        assertThat(server.bytes()).as("%s: the server got", sizes).isEqualTo(message);
        assertThat(client.bytes()).as("%s: the echo", sizes).isEqualTo(message);
        List<String> up = pump.trace().stream().filter(t -> t.startsWith("c>s")).toList();
        assertThat(up).as("%s: one piece per write", sizes).hasSize(sizes.size());
        List<Long> dues = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        for (int k = 0; k < up.size(); k++) {
            String[] parts = up.get(k).split(" "); // c>s 41000us DATA 3
            assertThat(parts[3]).as("%s: write %d", sizes, k).isEqualTo(String.valueOf(sizes.get(k)));
            dues.add(Long.parseLong(parts[1].replace("us", "")) / 1000);
            long delay = dues.get(k) - 5L * k;
            assertThat(delay).as("%s: write %d at %d ms", sizes, k, 5 * k).isBetween(10L, 50L);
            delays.add(delay);
        }
        assertThat(dues)
                .as("%s: each write due no earlier than the one before", sizes)
                .isSorted();
        return List.of(pump.trace(), server.events, client.events, delays);
    }

    @Test
    void aJitteredConversationArrivesWholeAndInOrderHoweverItIsWritten() {
        byte[] message = "GET /jitter HTTP/1.1\r\nHost: weft\r\n\r\n".getBytes(US_ASCII);
        Set<Long> delays = new HashSet<>();
        int waited = 0;
        List<List<Integer>> splits = splits(message.length);
        for (int seed = 0; seed < splits.size(); seed++) {
            List<Integer> split = splits.get(seed);
            List<Object> run = jitteredEcho(message, split, seed);
            assertThat(jitteredEcho(message, split, seed))
                    .as("the same seed, the same trace: %s", split)
                    .isEqualTo(run);
            @SuppressWarnings("unchecked")
            List<Long> d = (List<Long>) run.get(3);
            delays.addAll(d);
            for (int k = 1; k < d.size(); k++) {
                waited += d.get(k) + 5 == d.get(k - 1) ? 1 : 0;
            }
        }
        assertThat(delays).as("delays drawn across 10..50 ms").hasSizeGreaterThan(30);
        assertThat(waited)
                .as("writes that arrived with the one before (as when a draw would overtake it)")
                .isPositive();
    }
}
