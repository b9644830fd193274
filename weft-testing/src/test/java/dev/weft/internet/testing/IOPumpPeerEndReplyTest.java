package dev.weft.internet.testing;

import static dev.weft.internet.testing.DeferredAssertions.assertNoResult;
import static dev.weft.internet.testing.DeferredAssertions.successResultOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The peer's end of stream closes a side that is not half-closeable as {@code loseConnection} would, as on the
 * reactor: what it wrote still reaches the peer first, also a peer that half-closed and paused its reading, which gets
 * the reply when it resumes, then the end of stream. Before, the kit lost the side at once and dropped the reply.
 */
final class IOPumpPeerEndReplyTest {
    private final List<String> log = new ArrayList<>();
    private final ProbeProtocol server = new ProbeProtocol("S", log);
    private final HalfCloseProbeProtocol client = new HalfCloseProbeProtocol("C", log);

    IOPumpPeerEndReplyTest() {
        server.onData = data -> server.send("reply:" + new String(data, US_ASCII));
    }

    @Test
    void aPausedHalfClosedPeerGetsTheReplyWhenItResumesThenTheEnd() {
        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));
        client.send("request");
        client.fakeTransport().loseWriteConnection();
        client.fakeTransport().pauseProducing();

        pump.flush();

        assertThat(log).containsExactly("S:made", "C:made", "S:data:request", "C:write-lost");
        FakeTransport serverIO = pump.serverIO();
        assertThat(serverIO.isConnected())
                .as("the server waits to send its reply")
                .isTrue();
        assertThat(serverIO.isDisconnecting()).isTrue();
        assertThat(new String(serverIO.pendingBytes(), US_ASCII)).isEqualTo("reply:request");

        client.fakeTransport().resumeProducing();
        pump.flush();

        assertThat(client.received()).isEqualTo("reply:request");
        assertThat(log)
                .containsExactly(
                        "S:made",
                        "C:made",
                        "S:data:request",
                        "C:write-lost",
                        "C:data:reply:request",
                        "C:read-lost",
                        "C:lost:ConnectionDone",
                        "S:lost:ConnectionDone");
    }

    @Test
    void withNothingWrittenTheSideIsLostAtThePeersEndAsBefore() {
        server.onData = null;
        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));
        client.send("request");
        client.fakeTransport().loseWriteConnection();
        client.fakeTransport().pauseProducing();

        pump.flush();

        assertThat(log).containsExactly("S:made", "C:made", "S:data:request", "C:write-lost", "S:lost:ConnectionDone");
    }

    @Test
    void anUnpausedPeerGetsTheReplyBeforeTheEndAsBefore() {
        IOPump pump = IOPump.connect(new FakeTransport(server, true), new FakeTransport(client, false));
        client.send("request");
        client.fakeTransport().loseWriteConnection();

        pump.flush();

        assertThat(log)
                .containsExactly(
                        "S:made",
                        "C:made",
                        "S:data:request",
                        "C:data:reply:request",
                        "C:write-lost",
                        "S:lost:ConnectionDone",
                        "C:read-lost",
                        "C:lost:ConnectionDone");
    }

    @Test
    void theLoopbackDeliversTheReplyToAPeerThatResumes() {
        Clock clock = new Clock();
        client.onMade = p -> {
            p.send("request");
            p.fakeTransport().loseWriteConnection();
            p.fakeTransport().pauseProducing();
        };

        Deferred<Void> done = Loopback.loopbackAsync(server, client, clock);
        clock.advance(0);
        assertNoResult(done);
        assertThat(client.received()).isEmpty();

        client.fakeTransport().resumeProducing();
        clock.advance(0);

        assertThat(successResultOf(done)).isNull();
        assertThat(client.received()).isEqualTo("reply:request");
        assertThat(log)
                .endsWith("C:data:reply:request", "C:read-lost", "S:lost:ConnectionDone", "C:lost:ConnectionDone");
    }
}
