package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.StringTransport;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class SinkProtocolTest {
    private static final IPv4Address PEER = IPv4Address.tcp("127.0.0.1", 50000);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CapturedOutput out = new CapturedOutput();

    private Sink sink() {
        CliContext context = new CliContext(
                InputStream.nullInputStream(), out.printStream(), out.printStream(), false, new Interrupter(), a -> {});
        return new Sink(16, now::get, new SinkReporter(context, false, false, 0), null);
    }

    private SinkProtocol connect(Sink sink, StringTransport transport) {
        SinkProtocol p = (SinkProtocol) sink.factory().buildProtocol(PEER);
        p.makeConnection(transport);
        return p;
    }

    @Test
    void connectionPastTheLimitIsAbortedWithExactlyOneByteOverItKeptInEveryChunking() {
        byte[] input = Clients.randomBytes(40, 5);

        Chunking.standard().splits(input.length).forEach(split -> {
            StringTransport transport = new StringTransport();
            SinkProtocol p = connect(sink(), transport);

            SinkReads.readLikeAReactor(input, split, p, transport);

            assertThat(transport.isDisconnected()).as("aborted, %s", split).isTrue();
            assertThat(p.data()).as(split.toString()).isEqualTo(Arrays.copyOf(input, 17));
            p.connectionLost(new Failure(new dev.weft.internet.ConnectionAborted()));
            ConnectionReport report = p.report();
            assertThat(report.outcome()).isEqualTo(Outcome.OVER_LIMIT);
            assertThat(report.bytes()).isEqualTo(17);
            assertThat(report.reason()).isEqualTo("more than --max-bytes 16 bytes arrived");
        });
    }

    @Test
    void connectionAtTheLimitIsNotCutInEveryChunking() {
        byte[] input = Clients.randomBytes(16, 6);

        Chunking.standard().splits(input.length).forEach(split -> {
            StringTransport transport = new StringTransport();
            SinkProtocol p = connect(sink(), transport);

            split.deliver(input, p);

            assertThat(transport.isDisconnecting()).as(split.toString()).isFalse();
            assertThat(p.data()).isEqualTo(input);
        });
    }

    @Test
    void dataReceivedPathEnforcesTheLimitToo() {
        StringTransport transport = new StringTransport();
        SinkProtocol p = connect(sink(), transport);

        p.dataReceived(new byte[16]);
        assertThat(transport.isDisconnected()).isFalse();
        p.dataReceived(new byte[3]);

        assertThat(transport.isDisconnected()).isTrue();
        assertThat(p.dataSize()).isEqualTo(19);
    }

    @Test
    void reportTimesTheConnectionAndClassifiesItsEnd() {
        StringTransport transport = new StringTransport();
        SinkProtocol p = connect(sink(), transport);
        p.dataReceived(new byte[] {1, 2, 3});
        now.addAndGet(1_500_000_000L);

        p.connectionLost(new Failure(new ConnectionDone()));

        assertThat(p.report())
                .isEqualTo(new ConnectionReport(
                        1,
                        "127.0.0.1:50000",
                        3,
                        1_500_000_000L,
                        Outcome.CLEAN,
                        "Connection was closed cleanly.",
                        null,
                        null,
                        null,
                        null));
        assertThat(p.report().line()).isEqualTo("#1 127.0.0.1:50000 3 bytes in 1.500 s (2 B/s) clean");
    }

    @Test
    void aClosedConnectionGivesItsChunkBackAtOnceAndTheNextConnectionTakesIt() {
        Sink sink = sink();
        SinkProtocol first = connect(sink, new StringTransport());
        ByteBuffer lent = first.getBuffer(1024);
        lent.put(new byte[] {1, 2, 3});
        first.bufferUpdated(3);

        first.connectionLost(new Failure(new ConnectionDone()));

        assertThat(first.dataSize()).as("no bytes held past the close").isZero();
        assertThat(first.report().bytes()).isEqualTo(3);
        SinkProtocol second = connect(sink, new StringTransport());
        assertThat(second.getBuffer(1024))
                .as("the first connection's chunk, back in the pool")
                .isSameAs(lent);
    }

    @Test
    void connectionLostUncleanlyIsResetByPeerAndAnythingElseIsAnError() {
        assertThat(Outcome.of(new Failure(new ConnectionLost("Connection reset by peer"))))
                .isEqualTo(Outcome.RESET);
        assertThat(Outcome.of(new Failure(new ConnectionDone()))).isEqualTo(Outcome.CLEAN);
        assertThat(Outcome.of(new Failure(new dev.weft.internet.ConnectionAborted())))
                .isEqualTo(Outcome.ERROR);
        assertThat(Outcome.of(new Failure(new IllegalStateException("boom")))).isEqualTo(Outcome.ERROR);
    }

    @Test
    void interruptAbortsAnOpenConnectionAndReportsItInterrupted() {
        Sink sink = sink();
        StringTransport transport = new StringTransport();
        SinkProtocol p = connect(sink, transport);
        p.dataReceived(new byte[] {1});

        sink.interruptAll();
        p.connectionLost(new Failure(new dev.weft.internet.ConnectionAborted()));

        assertThat(transport.isDisconnected()).isTrue();
        assertThat(p.report().outcome()).isEqualTo(Outcome.INTERRUPTED);
        assertThat(p.report().line()).endsWith(" interrupted");
        assertThat(sink.openConnections()).isEmpty();
    }

    @Test
    void sequenceNumbersFollowTheOrderConnectionsWereAccepted() {
        Sink sink = sink();
        SinkProtocol first = connect(sink, new StringTransport());
        SinkProtocol second = connect(sink, new StringTransport());

        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(sink.openConnections()).containsExactly(first, second);
    }
}
