package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.testing.Split;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

final class SendSplitTest {
    @Test
    void specsNameTheHarnessSplits() {
        SplitConverter c = new SplitConverter();

        assertThat(c.convert("1")).isEqualTo(Split.oneByteAtATime());
        assertThat(c.convert("7")).isEqualTo(Split.every(7));
        assertThat(c.convert("at:3")).isEqualTo(Split.at(3));
        assertThat(c.convert("random:42")).isEqualTo(Split.random(42));
        for (String bad : List.of("0", "-2", "at:", "at:-1", "random:x", "halves")) {
            assertThatThrownBy(() -> c.convert(bad))
                    .as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("is not a split; write 1 (one byte per write)");
        }
    }

    @Test
    void eachReadReturnsOnePieceAtMost() throws Exception {
        byte[] input = "hello world".getBytes(US_ASCII);
        PacedPieces pieces = new PacedPieces(input, Split.random(5), 0);
        List<Integer> reads = new ArrayList<>();
        byte[] buffer = new byte[1024];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int n = pieces.read(buffer, 0, buffer.length); n >= 0; n = pieces.read(buffer, 0, buffer.length)) {
            reads.add(n);
            all.write(buffer, 0, n);
        }

        assertThat(all.toByteArray()).isEqualTo(input);
        assertThat(reads)
                .isEqualTo(Split.random(5).pieces(input).stream()
                        .map(p -> p.length)
                        .toList());
    }

    @Test
    void aServerReceivesTheInputWithReadsEndingOnlyAtPieceBoundaries() throws Exception {
        byte[] input = "0123456789abcdef".getBytes(US_ASCII);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<List<Integer>> reads = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    List<Integer> sizes = new ArrayList<>();
                    InputStream in = s.getInputStream();
                    byte[] buffer = new byte[4096];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        sizes.add(n);
                    }
                    return sizes;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            CliRun send = CliRun.run(
                    input,
                    "send",
                    "tcp:host=127.0.0.1:port=" + server.getLocalPort(),
                    "--split",
                    "at:5",
                    "--split-delay",
                    "2ms");

            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            List<Integer> sizes = reads.get();
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
            TreeSet<Integer> ends = new TreeSet<>();
            int at = 0;
            for (int n : sizes) {
                at += n;
                ends.add(at);
            }
            assertThat(ends).as("read ends %s", sizes).isSubsetOf(5, 16);
        }
    }

    @Test
    void inputLongerThanSplitHoldsIsRefusedWithWhatToDo() {
        InputStream input = new ByteArrayInputStream(new byte[101]);
        assertThatThrownBy(() -> SendSplit.pace(input, Split.at(1), 0, "big.bin", 100))
                .isInstanceOf(CliFailure.class)
                .hasMessage("big.bin is longer than --split cuts (at most 100 bytes: it holds the whole input in"
                        + " memory); send it without --split, or less of it");
        assertThat(SendSplit.pace(new ByteArrayInputStream(new byte[100]), Split.at(1), 0, "-", 100))
                .isNotNull();
    }

    @Test
    void aDelayOfMoreThanAYearIsRefused() throws Exception {
        CliRun send = CliRun.run(
                "abc".getBytes(US_ASCII),
                "send",
                "tcp:host=127.0.0.1:port=9",
                "--split",
                "at:1",
                "--split-delay",
                "1e300");

        assertThat(send.oneErrorLine(2)).contains("'1e300' is too long: at most a year (366 days)");
        assertThat(DurationConverter.parse("0")).isZero();
        assertThat(DurationConverter.parse("2ms")).isEqualTo(0.002);
    }

    @Test
    void aSplitDelayWithoutASplitIsRefused() throws Exception {
        CliRun send = CliRun.run("abc".getBytes(US_ASCII), "send", "tcp:host=127.0.0.1:port=9", "--split-delay", "5ms");

        assertThat(send.oneErrorLine(2))
                .isEqualTo("weft send: --split-delay is the pause between the pieces of --split, and there is no"
                        + " --split; add one (e.g. --split 1 --split-delay 5ms) or leave --split-delay out");
    }

    /** Whether a split fits depends on the input, not on the command line: a run failure (1), not a usage error. */
    @Test
    void aSplitBeyondTheInputIsARunFailureSayingWhatFits() throws Exception {
        CliRun send = CliRun.run("abc".getBytes(US_ASCII), "send", "tcp:host=127.0.0.1:port=9", "--split", "at:10");

        assertThat(send.oneErrorLine(1))
                .isEqualTo("weft send: --split at:10 cuts beyond the input: standard input has 3 bytes; cut within it"
                        + " (at:1 to at:3), or send more");
    }

    @Test
    void aSplitIsNamedAsItWasWritten() {
        SplitConverter c = new SplitConverter();
        for (String spec : List.of("1", "7", "at:3", "random:42", "random:-5")) {
            assertThat(SplitConverter.text(c.convert(spec))).isEqualTo(spec);
        }
    }
}
