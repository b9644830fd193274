package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** {@code sink --out}: each connection streams into its hidden .part file and appears whole at close. */
@Execution(
        ExecutionMode
                .CONCURRENT) // each method has its own instance, sink and directory; the chunking ones take seconds
final class SinkStreamingTest {
    private static final IPv4Address PEER = IPv4Address.tcp("127.0.0.1", 50000);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CapturedOutput out = new CapturedOutput();
    private SinkReporter reporter;

    private Sink sink(long maxBytes, Path outDir) {
        CliContext context = new CliContext(
                InputStream.nullInputStream(), out.printStream(), out.printStream(), false, new Interrupter(), a -> {});
        reporter = new SinkReporter(context, false, true, 0);
        return new Sink(maxBytes, now::get, reporter, OutDirectory.prepare(outDir));
    }

    private static SinkProtocol connect(Sink sink, StringTransport transport) {
        SinkProtocol p = (SinkProtocol) sink.factory().buildProtocol(PEER);
        p.makeConnection(transport);
        return p;
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void bytesGoToTheHiddenPartFileAsTheyArriveAndTheFileAppearsWholeAtCloseInEveryChunking() throws Exception {
        byte[] input = Clients.randomBytes(300, 7);
        int[] run = {0};
        Chunking.standard().splits(input.length).forEach(split -> {
            try {
                Path outDir = dir.resolve("run" + run[0]++);
                Sink sink = sink(0, outDir);
                StringTransport transport = new StringTransport();
                SinkProtocol p = connect(sink, transport);

                SinkReads.readLikeAReactor(input, split, p, transport);

                assertThat(p.dataSize()).as("nothing held in memory, %s", split).isZero();
                assertThat(p.received()).isEqualTo(input.length);
                assertThat(names(outDir)).containsExactly(".1-127.0.0.1_50000.bin.part");
                assertThat(Files.readAllBytes(outDir.resolve(".1-127.0.0.1_50000.bin.part")))
                        .as("written as it arrived, %s", split)
                        .isEqualTo(input);

                p.connectionLost(new Failure(new ConnectionDone()));
                assertThat(reporter.finish(1)).isZero();

                assertThat(names(outDir)).containsExactly("1-127.0.0.1_50000.bin");
                assertThat(Files.readAllBytes(outDir.resolve("1-127.0.0.1_50000.bin")))
                        .isEqualTo(input);
                assertThat(out.text()).contains("#1 127.0.0.1:50000 300 bytes in ", " clean -> " + outDir);
            } catch (Exception e) {
                throw new AssertionError(split.toString(), e);
            }
        });
    }

    @Test
    void dataReceivedPathStreamsTooInEveryChunking() throws Exception {
        byte[] input = Clients.randomBytes(100, 8);
        int[] run = {0};
        Chunking.standard().splits(input.length).forEach(split -> {
            try {
                Path outDir = dir.resolve("run" + run[0]++);
                Sink sink = sink(0, outDir);
                SinkProtocol p = connect(sink, new StringTransport());

                split.deliver(input, p);
                p.connectionLost(new Failure(new ConnectionDone()));
                assertThat(reporter.finish(1)).isZero();

                assertThat(p.dataSize()).isZero();
                assertThat(Files.readAllBytes(outDir.resolve("1-127.0.0.1_50000.bin")))
                        .as(split.toString())
                        .isEqualTo(input);
            } catch (Exception e) {
                throw new AssertionError(split.toString(), e);
            }
        });
    }

    @Test
    void limitCutsAStreamingConnectionKeepingExactlyOneByteOverItInEveryChunking() throws Exception {
        byte[] input = Clients.randomBytes(40, 9);
        int[] run = {0};
        Chunking.standard().splits(input.length).forEach(split -> {
            try {
                Path outDir = dir.resolve("run" + run[0]++);
                Sink sink = sink(16, outDir);
                StringTransport transport = new StringTransport();
                SinkProtocol p = connect(sink, transport);

                SinkReads.readLikeAReactor(input, split, p, transport);
                assertThat(transport.isDisconnected()).as("aborted, %s", split).isTrue();
                p.connectionLost(new Failure(new ConnectionAborted()));
                assertThat(reporter.finish(1)).isZero();

                assertThat(p.report().outcome()).isEqualTo(Outcome.OVER_LIMIT);
                assertThat(p.report().bytes()).isEqualTo(17);
                assertThat(names(outDir))
                        .as("named after how it ended")
                        .containsExactly("1-127.0.0.1_50000.over_limit.bin");
                assertThat(Files.readAllBytes(outDir.resolve("1-127.0.0.1_50000.over_limit.bin")))
                        .isEqualTo(Arrays.copyOf(input, 17));
            } catch (Exception e) {
                throw new AssertionError(split.toString(), e);
            }
        });
    }

    @Test
    void fileThatCannotBeCreatedAbortsTheConnectionAndIsReportedUnsaved() throws Exception {
        Path outDir = dir.resolve("gone");
        Sink sink = sink(0, outDir);
        Files.delete(outDir); // the directory disappears after the sink checked it
        StringTransport transport = new StringTransport();
        SinkProtocol p = connect(sink, transport);

        assertThat(transport.isDisconnected())
                .as("the peer is told by an abort")
                .isTrue();
        p.dataReceived(new byte[] {1, 2, 3});
        p.connectionLost(new Failure(new ConnectionAborted()));

        assertThat(reporter.finish(1)).as("exit code").isEqualTo(CliFailure.RUNTIME);
        assertThat(p.report().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(out.text())
                .contains("#1 127.0.0.1:50000 3 bytes in ")
                .contains(" error: aborted: its --out file could not be written (not saved: ")
                .contains("; 1 not saved");
        assertThat(Files.exists(outDir)).isFalse();
    }

    @Test
    void connectionsShareOneReadBufferAndKeepTheirOwnBytes() throws Exception {
        Path outDir = dir.resolve("two");
        Sink sink = sink(0, outDir);
        StringTransport t1 = new StringTransport();
        StringTransport t2 = new StringTransport();
        SinkProtocol first = connect(sink, t1);
        SinkProtocol second = connect(sink, t2);
        byte[] a = Clients.randomBytes(5000, 10);
        byte[] b = Clients.randomBytes(7000, 11);

        for (int i = 0; i < 10; i++) { // interleaved reads, as the reactor does with two ready sockets
            SinkReads.readLikeAReactor(Arrays.copyOfRange(a, i * 500, i * 500 + 500), Split.whole(), first, t1);
            SinkReads.readLikeAReactor(Arrays.copyOfRange(b, i * 700, i * 700 + 700), Split.whole(), second, t2);
        }
        assertThat(first.getBuffer(1)).isSameAs(second.getBuffer(1));
        second.connectionLost(new Failure(new ConnectionDone()));
        first.connectionLost(new Failure(new ConnectionDone()));
        assertThat(reporter.finish(1)).isZero();

        assertThat(Files.readAllBytes(outDir.resolve("1-127.0.0.1_50000.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(outDir.resolve("2-127.0.0.1_50000.bin"))).isEqualTo(b);
    }

    @Test
    void eachReadGoesToTheFrameCounterThePrinterAndTheFileWhoseNameSaysHowTheConnectionEnded() throws Exception {
        byte[] input = "one\r\ntwo\r\nthree\r\nunfinished".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int[] run = {0};
        Chunking.standard().splits(input.length).forEach(split -> {
            try {
                Path outDir = dir.resolve("run" + run[0]++);
                CliContext context = new CliContext(
                        InputStream.nullInputStream(),
                        out.printStream(),
                        out.printStream(),
                        false,
                        new Interrupter(),
                        a -> {});
                reporter = new SinkReporter(context, false, true, 0);
                java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
                Sink sink = new Sink(
                        0,
                        now::get,
                        reporter,
                        OutDirectory.prepare(outDir),
                        new dev.weft.internet.task.Clock(),
                        0,
                        (p, bytes) -> printed.writeBytes(bytes));
                sink.countFrames(FrameFormat.LINES);
                StringTransport transport = new StringTransport();
                SinkProtocol p = connect(sink, transport);

                SinkReads.readLikeAReactor(input, split, p, transport);
                p.connectionLost(new Failure(new dev.weft.internet.ConnectionLost()));
                assertThat(reporter.finish(1)).isZero();

                assertThat(printed.toByteArray()).as("printed, %s", split).isEqualTo(input);
                assertThat(p.report().outcome()).isEqualTo(Outcome.RESET);
                assertThat(names(outDir)).as(split.toString()).containsExactly("1-127.0.0.1_50000.reset.bin");
                assertThat(Files.readAllBytes(outDir.resolve("1-127.0.0.1_50000.reset.bin")))
                        .as("saved, %s", split)
                        .isEqualTo(input);
                assertThat(p.report().line()).as(split.toString()).contains(" reset by peer, 3 frames (lines)");
            } catch (Exception e) {
                throw new AssertionError(split.toString(), e);
            }
        });
    }
}
