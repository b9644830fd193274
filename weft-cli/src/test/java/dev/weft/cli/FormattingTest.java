package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IPv4Address;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.UNIXAddress;
import dev.weft.internet.testing.StringTransport;
import dev.weft.internet.testing.capture.Side;
import dev.weft.internet.testing.capture.UnknownRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FormattingTest {
    @Test
    void sizesUseBinaryPrefixes() {
        assertThat(Units.size(0)).isEqualTo("0 B");
        assertThat(Units.size(1023)).isEqualTo("1023 B");
        assertThat(Units.size(1024)).isEqualTo("1.0 KiB");
        assertThat(Units.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.size(83.3 * 1024 * 1024)).isEqualTo("83.3 MiB");
        assertThat(Units.size(5L << 40)).isEqualTo("5.0 TiB");
    }

    @Test
    void ratesAndDurations() {
        assertThat(Units.rate(2048, 1_000_000_000L)).isEqualTo("2.0 KiB/s");
        assertThat(Units.rate(10, 0)).isEqualTo("- B/s");
        assertThat(Units.seconds(4_000_000L)).isEqualTo("0.004 s");
        assertThat(Units.seconds(61_234_567_890L)).isEqualTo("61.235 s");
    }

    @Test
    void sizesAndDurationsPrintWhatTheFormatPatternsWould() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        for (int i = 0; i < 20_000; i++) {
            double bytes = i < 2000 ? i * 0.05 : Math.scalb(random.nextDouble(), random.nextInt(0, 60));
            assertThat(Units.size(bytes)).as("%s", bytes).isEqualTo(formatted(bytes));
            // What the report lines format: a rate from whole bytes and nanoseconds.
            double rate = Units.bytesPerSecond(random.nextLong(0, 1L << 40), random.nextLong(1, 1L << 40));
            assertThat(Units.size(rate)).as("%s", rate).isEqualTo(formatted(rate));
            long nanos = i < 2000 ? i * 250_000L : random.nextLong(0, 1L << 50);
            assertThat(Units.seconds(nanos))
                    .as("%d", nanos)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9));
        }
    }

    /** What Units.size printed with String.format. */
    private static String formatted(double bytes) {
        String[] prefixes = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < prefixes.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? String.format(java.util.Locale.ROOT, "%.0f B", value)
                : String.format(java.util.Locale.ROOT, "%.1f %sB", value, prefixes[unit]);
    }

    /** Every count the commands print takes the singular for exactly one: "1 byte", never "1 bytes". */
    @Test
    void countsOfOneAreSingular() {
        assertThat(Units.plural(0, "connection")).isEqualTo("0 connections");
        assertThat(Units.plural(1, "connection")).isEqualTo("1 connection");
        assertThat(Units.bytes(1)).isEqualTo("1 byte");
        assertThat(Units.bytes(2)).isEqualTo("2 bytes");

        FrameCounter frames = new FrameCounter(FrameFormat.INT32);
        frames.feed(new byte[] {0});
        assertThat(frames.words()).isEqualTo("0 frames (int32), then 1 byte of an unfinished frame");
        assertThat(CaptureText.lines(new UnknownRecord(99, 1, 0, new byte[1]), false, false))
                .containsExactly("+0.000000 #1 unknown record type 99 (1 byte), skipped");
        byte[] one = {'x'};
        assertThat(new ReplayOutcome(1, Side.SERVER, one, one, 1, "clean", false, 5, "", "", "", List.of()).line())
                .isEqualTo("#1 matches: sent 1 byte, received 1 byte (s>c) as recorded");
        assertThat(new ReplayOutcome(1, Side.SERVER, one, new byte[0], 1, "clean", false, 5, "", "", "", List.of())
                        .line())
                .contains("(s>c: recorded 1 byte, got 0)\n  expected @0: [78] |[x]|\n  got      @0: [end] |[end]|");
        assertThat(new ReplayOutcome(
                                1,
                                Side.SERVER,
                                "xy".getBytes(US_ASCII),
                                one,
                                1,
                                "clean",
                                false,
                                5,
                                "",
                                "",
                                "",
                                List.of())
                        .line())
                .isEqualTo("#1 differs at byte 1: expected 0x79 'y', got no more bytes (only 1 byte came) (s>c:"
                        + " recorded 2 bytes, got 1)\n  expected @0: 78 [79] |x[y]|\n  got      @0: 78 [end] |x[end]|");

        CliContext context = new CliContext(
                java.io.InputStream.nullInputStream(), System.out, System.err, false, new Interrupter(), a -> {});
        Sink sink = new Sink(1, () -> 0L, new SinkReporter(context, false, false, 0), null);
        SinkProtocol p = (SinkProtocol) sink.factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 1000));
        p.makeConnection(new StringTransport());
        p.dataReceived(new byte[2]);
        p.connectionLost(new dev.weft.defer.Failure(new dev.weft.internet.ConnectionAborted()));
        assertThat(p.report().reason()).isEqualTo("more than --max-bytes 1 byte arrived");
    }

    @Test
    void sizesParseWithBinaryMultiples() {
        assertThat(Units.parseSize("1048576")).isEqualTo(1048576);
        assertThat(Units.parseSize("64K")).isEqualTo(65536);
        assertThat(Units.parseSize("10m")).isEqualTo(10L << 20);
        assertThat(Units.parseSize("1G")).isEqualTo(1L << 30);
        assertThat(Units.parseSize("2T")).isEqualTo(2L << 40);
        for (String bad : List.of("", "K", "-1", "1.5M", "10KB", "ten")) {
            assertThatThrownBy(() -> Units.parseSize(bad)).as(bad).hasMessageContaining("is not a size");
        }
        assertThatThrownBy(() -> Units.parseSize("99999999999T")).hasMessageContaining("is too large");
    }

    @Test
    void oneLineJoinsLinesOfAMessage() {
        assertThat(Problems.oneLine("  first\n  second\r\nthird ")).isEqualTo("first second third");
        assertThat(Problems.oneLine(null)).isEqualTo("failed");
    }

    @Test
    void peerAddressesAsFileNames() {
        assertThat(OutDirectory.fileSafe(IPv4Address.tcp("127.0.0.1", 9000))).isEqualTo("127.0.0.1_9000");
        assertThat(OutDirectory.fileSafe(IPv6Address.tcp("::1", 9000))).isEqualTo("___1__9000");
        assertThat(OutDirectory.fileSafe(new UNIXAddress("/tmp/w.sock"))).isEqualTo("_tmp_w.sock");
    }

    @Test
    void statusLineListsOpenConnectionsWithTheirRateSinceTheLastLine() {
        CliContext context = new CliContext(
                java.io.InputStream.nullInputStream(), System.out, System.err, false, new Interrupter(), a -> {});
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        Sink sink = new Sink(0, now::get, new SinkReporter(context, false, false, 0), null);
        List<SinkProtocol> open = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SinkProtocol p = (SinkProtocol) sink.factory().buildProtocol(IPv4Address.tcp("127.0.0.1", 1000 + i));
            p.makeConnection(new StringTransport());
            open.add(p);
        }
        StatusLine status = new StatusLine();

        assertThat(status.render(List.of(), 0)).isEmpty();
        open.get(0).dataReceived(new byte[2048]);
        assertThat(status.render(open, 1_000_000_000L))
                .isEqualTo("open 5 | #1 2.0 KiB 2.0 KiB/s | #2 0 B 0 B/s | #3 0 B 0 B/s | +2 more");
        open.get(0).dataReceived(new byte[1024]);
        assertThat(status.render(open.subList(0, 1), 1_500_000_000L)).isEqualTo("open 1 | #1 3.0 KiB 2.0 KiB/s");

        // Issue 17 case 10: the busiest connections are shown, not the oldest idle ones, and the line
        // is cut to the terminal's width so it never wraps.
        StatusLine narrow = new StatusLine(40);
        narrow.render(open, 2_000_000_000L);
        open.get(4).dataReceived(new byte[4096]);
        String line = narrow.render(open, 3_000_000_000L);
        assertThat(line).isEqualTo("open 5 | #5 4.0 KiB 4.0 KiB/s | #1 3.0~").hasSize(39);
    }
}
