package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.failureResultOf;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.task.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariant 59 and the rest of loopbackAsync's contract. */
final class LoopbackTest {
    private final List<String> log = new ArrayList<>();
    private final ProbeProtocol server = new ProbeProtocol("S", log);
    private final ProbeProtocol client = new ProbeProtocol("C", log);

    /** Invariant 59: on a client-initiated close, the server's connectionLost precedes the client's. */
    @Test
    void serverConnectionLostPrecedesTheClientsAndTheDeferredFiresAfterwards() {
        server.onMade = p -> p.send("hello");
        client.onData = data -> {
            client.send("bye");
            client.transport().loseConnection();
        };

        Deferred<Void> done = Loopback.loopbackAsync(server, client);
        done.addCallback(ignored -> log.add("done"));

        assertThat(log)
                .containsExactly(
                        "S:made",
                        "C:made",
                        "C:data:hello",
                        "S:data:bye",
                        "S:lost:ConnectionDone",
                        "C:lost:ConnectionDone",
                        "done");
    }

    /** Invariant 59: the server goes first on a server-initiated close too. */
    @Test
    void serverGoesFirstWhenTheServerCloses() {
        server.onData = data -> server.transport().loseConnection();
        client.onMade = p -> p.send("quit");

        Deferred<Void> done = Loopback.loopbackAsync(server, client);

        assertThat(successResultOf(done)).isNull();
        assertThat(log)
                .containsExactly("S:made", "C:made", "S:data:quit", "S:lost:ConnectionDone", "C:lost:ConnectionDone");
    }

    /** Invariant 59 on a reactor: the Deferred fires in the turn that delivers both connectionLosts. */
    @Test
    void onAClockTheDeferredFiresAfterBothConnectionLostsInALaterTurn() {
        Clock clock = new Clock();
        client.onMade = p -> p.transport().loseConnection();

        Deferred<Void> done = Loopback.loopbackAsync(server, client, clock);
        done.addCallback(ignored -> log.add("done"));
        assertThat(log).containsExactly("S:made", "C:made");

        clock.advance(0);
        assertThat(log).containsExactly("S:made", "C:made", "S:lost:ConnectionDone", "C:lost:ConnectionDone", "done");
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void dataTheOtherSideWroteBeforeTheCloseIsStillDelivered() {
        server.onMade = p -> p.send("server says hi");
        client.onMade = p -> {
            p.send("client says bye");
            p.transport().loseConnection();
        };

        successResultOf(Loopback.loopbackAsync(server, client));

        assertThat(client.received()).isEqualTo("server says hi");
        assertThat(server.received()).isEqualTo("client says bye");
        assertThat(log).endsWith("S:lost:ConnectionDone", "C:lost:ConnectionDone");
    }

    @Test
    void onAClockTheTestCanDriveTheConversationFromOutside() {
        Clock clock = new Clock();
        server.onData = data -> server.send("ack:" + new String(data, java.nio.charset.StandardCharsets.US_ASCII));

        Deferred<Void> done = Loopback.loopbackAsync(server, client, clock);
        clock.advance(0);
        client.send("one");
        assertThat(server.chunks).as("nothing moves inside write").isEmpty();
        clock.advance(0);
        client.send("two");
        clock.advance(0);
        assertNoResult(done);

        client.transport().loseConnection();
        clock.advance(0);
        assertThat(client.chunkStrings()).containsExactly("ack:one", "ack:two");
        assertThat(successResultOf(done)).isNull();
    }

    /** Like FakeTransport (real TCP), unlike Twisted's loopback: an abort drops pending bytes and is unclean. */
    @Test
    void abortDropsPendingBytesAndGivesAbortedAndLostReasonsServerFirst() {
        server.onMade = p -> p.send("never delivered");
        client.onMade = p -> p.transport().abortConnection();

        Deferred<Void> done = Loopback.loopbackAsync(server, client);

        assertThat(successResultOf(done)).isNull();
        assertThat(client.chunks).isEmpty();
        assertThat(log).containsExactly("S:made", "C:made", "S:lost:ConnectionLost", "C:lost:ConnectionAborted");
        assertThat(server.reasons.get(0).value()).isExactlyInstanceOf(ConnectionLost.class);
        assertThat(client.reasons.get(0).value()).isExactlyInstanceOf(ConnectionAborted.class);
    }

    @Test
    void pullProducerIsPolledUntilItIsDone() {
        client.onMade = p -> p.transport().registerProducer(new NonStreamingProducer(p.transport()), false);
        server.onData = data -> {
            if (server.received().length() == NonStreamingProducer.COUNT) {
                server.transport().loseConnection();
            }
        };

        successResultOf(Loopback.loopbackAsync(server, client));

        assertThat(server.received()).isEqualTo("0123456789");
    }

    @Test
    void halfCloseTravelsThroughTheLoopback() {
        HalfCloseProbeProtocol halfCloseServer = new HalfCloseProbeProtocol("S", log);
        halfCloseServer.onReadLost = () -> {
            halfCloseServer.send("response");
            halfCloseServer.transport().loseConnection();
        };
        client.onMade = p -> {
            p.send("request");
            p.fakeTransport().loseWriteConnection();
        };

        successResultOf(Loopback.loopbackAsync(halfCloseServer, client));

        assertThat(log)
                .containsExactly(
                        "S:made",
                        "C:made",
                        "S:data:request",
                        "S:read-lost",
                        "C:data:response",
                        "S:lost:ConnectionDone",
                        "C:lost:ConnectionDone");
    }

    @Test
    void stalledConversationFailsTheDeferredInsteadOfHangingForever() {
        server.onMade = p -> p.send("hello?");

        Deferred<Void> done = Loopback.loopbackAsync(server, client);

        assertThat(failureResultOf(done, IllegalStateException.class).getErrorMessage())
                .contains("stalled");
        assertThat(client.received()).isEqualTo("hello?");
        assertThat(server.reasons).isEmpty();
        done.addErrback(f -> null);
    }

    @Test
    void exceptionFromAProtocolFailsTheDeferredAndStopsTheLoopback() {
        IllegalStateException boom = new IllegalStateException("boom");
        server.onData = data -> {
            throw boom;
        };
        client.onMade = p -> p.send("trigger");

        Deferred<Void> done = Loopback.loopbackAsync(server, client);

        assertThat(failureResultOf(done).value()).isSameAs(boom);
        assertThat(server.reasons).isEmpty();
        assertThat(client.reasons).isEmpty();
        done.addErrback(f -> null);
    }

    @Test
    void endlessPingPongFailsTheDeferred() {
        server.onData = data -> server.send("pong");
        client.onData = data -> client.send("ping");
        client.onMade = p -> p.send("ping");

        Deferred<Void> done = Loopback.loopbackAsync(server, client);

        assertThat(failureResultOf(done, IllegalStateException.class).getErrorMessage())
                .contains("forever");
        done.addErrback(f -> null);
    }

    static Stream<Arguments> lineSplits() {
        byte[] input = "one\ntwo\nbye\n".getBytes(StandardCharsets.US_ASCII);
        return Chunking.standard()
                .withRandomSplits(4, Chunking.DEFAULT_SEED)
                .splits(input.length)
                .map(split -> Arguments.of(split, input.clone()));
    }

    @ParameterizedTest
    @MethodSource("lineSplits")
    void lineParserThroughTheLoopbackSeesTheSameLinesWhateverTheChunking(Split split, byte[] input) {
        Clock clock = new Clock();
        LineEchoProtocol lineServer = new LineEchoProtocol();

        Deferred<Void> done = Loopback.loopbackAsync(lineServer, client, clock);
        for (byte[] piece : split.pieces(input)) {
            client.transport().write(piece);
            clock.advance(0);
        }

        assertThat(successResultOf(done)).isNull();
        assertThat(lineServer.lines).containsExactly("one", "two", "bye");
        assertThat(client.received()).isEqualTo("echo:one\necho:two\necho:bye\n");
    }
}
