package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.task.Clock;
import dev.weft.internet.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink connection read as the reactor reads: {@code getBuffer} before every read, {@code bufferUpdated} only when
 * the read returned bytes. The {@code --max-bytes} room, the {@code --out} buffer all connections share and the copy
 * {@code --print} gets must not count, lose or repeat a byte for a read that returned nothing.
 */
final class SinkEmptyReadTest {
    private static final IPv4Address PEER = IPv4Address.tcp("127.0.0.1", 50000);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CapturedOutput out = new CapturedOutput();
    private SinkReporter reporter;

    private Sink sink(long maxBytes, @Nullable Path outDir, @Nullable BiConsumer<SinkProtocol, byte[]> printer) {
        CliContext context = new CliContext(
                InputStream.nullInputStream(), out.printStream(), out.printStream(), false, new Interrupter(), a -> {});
        reporter = new SinkReporter(context, false, outDir != null, 0);
        return new Sink(
                maxBytes,
                now::get,
                reporter,
                outDir == null ? null : OutDirectory.prepare(outDir),
                new Clock(),
                0,
                printer);
    }

    private static SinkProtocol connect(Sink sink, StringTransport transport) {
        SinkProtocol p = (SinkProtocol) sink.factory().buildProtocol(PEER);
        p.makeConnection(transport);
        return p;
    }

    /** One read of {@code bytes}, which must fit the buffer handed out. */
    private static void read(SinkProtocol p, String bytes) {
        ByteBuffer b = p.getBuffer(65536);
        b.put(bytes.getBytes(US_ASCII));
        p.bufferUpdated(bytes.length());
    }

    @Test
    void emptyReadsNeitherUseTheLimitsRoomNorMoveTheByteOverItThatIsKept() {
        Sink sink = sink(16, null, null);
        StringTransport transport = new StringTransport();
        SinkProtocol p = connect(sink, transport);

        assertThat(p.getBuffer(65536).remaining()).as("the limit plus one byte").isEqualTo(17);
        assertThat(p.getBuffer(1).remaining())
                .as("again, after a read of nothing")
                .isEqualTo(17);
        read(p, "0123456789");
        p.getBuffer(65536);
        assertThat(p.getBuffer(3).remaining()).isEqualTo(7);
        read(p, "abcdef");
        assertThat(transport.isDisconnected()).isFalse();
        p.getBuffer(65536);
        read(p, "!");
        assertThat(transport.isDisconnected())
                .as("the byte over the limit aborts")
                .isTrue();
        p.getBuffer(65536); // the read that finds the abort
        // Before connectionLost: from then on the sink's reporter thread may release the bytes.
        assertThat(p.data()).asString(US_ASCII).isEqualTo("0123456789abcdef!");
        p.connectionLost(new Failure(new ConnectionAborted()));

        assertThat(p.report().outcome()).isEqualTo(Outcome.OVER_LIMIT);
        assertThat(p.report().bytes()).isEqualTo(17);
    }

    @Test
    void theSharedOutBufferLentToOneConnectionForAnEmptyReadMixesNothingIntoAnother() throws Exception {
        Sink sink = sink(0, dir, null);
        SinkProtocol a = connect(sink, new StringTransport());
        SinkProtocol b = connect(sink, new StringTransport());

        read(a, "a1 ");
        a.getBuffer(65536); // a's socket had nothing
        read(b, "b1 ");
        b.getBuffer(1);
        a.getBuffer(65536);
        read(a, "a2");
        read(b, "b2");
        a.getBuffer(65536);
        a.connectionLost(new Failure(new ConnectionDone()));
        b.getBuffer(65536);
        b.connectionLost(new Failure(new ConnectionDone()));
        assertThat(reporter.finish(2)).isZero();

        assertThat(a.received()).isEqualTo(5);
        assertThat(b.received()).isEqualTo(5);
        assertThat(Files.readString(dir.resolve("1-127.0.0.1_50000.bin"), US_ASCII))
                .isEqualTo("a1 a2");
        assertThat(Files.readString(dir.resolve("2-127.0.0.1_50000.bin"), US_ASCII))
                .isEqualTo("b1 b2");
    }

    @Test
    void printGetsEachReadOnceWhateverEmptyReadsCameBetween() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Sink sink = sink(0, null, (protocol, bytes) -> printed.writeBytes(bytes));
        SinkProtocol p = connect(sink, new StringTransport());

        read(p, "one ");
        p.getBuffer(1);
        p.getBuffer(65536);
        read(p, "two ");
        p.getBuffer(65536);
        p.dataReceived("three".getBytes(US_ASCII));
        read(p, " four");

        assertThat(printed.toString(US_ASCII)).isEqualTo("one two three four");
        assertThat(p.data()).asString(US_ASCII).isEqualTo("one two three four");
    }
}
