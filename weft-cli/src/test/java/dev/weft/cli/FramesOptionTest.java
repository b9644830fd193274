package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internal.json.JsonObject;
import dev.weft.internet.testing.Chunking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class FramesOptionTest {
    @ParameterizedTest(name = "--frames {0}")
    @CsvSource({
        "lines, 610d0a62620d0a0d0a",
        "int8, 0161026262" + "00",
        "int16, 0001610002626200" + "00",
        "int32, 00000001610000000262620000" + "0000",
        "netstring, 313a612c323a62622c303a2c"
    })
    void sendFramesEachLineOfTheInput(String framing, String expectedHex) throws IOException {
        byte[] framed = read(new FramingInputStream(
                new java.io.ByteArrayInputStream("a\nbb\r\n\n".getBytes(US_ASCII)),
                new FrameFormat.Converter().convert(framing)));
        assertThat(java.util.HexFormat.of().formatHex(framed)).isEqualTo(expectedHex);
    }

    @Test
    void aLastLineWithoutNewlineIsAFrameAndEmptyInputIsNone() throws IOException {
        assertThat(read(new FramingInputStream(
                        new java.io.ByteArrayInputStream("x".getBytes(US_ASCII)), FrameFormat.INT8)))
                .containsExactly(1, 'x');
        assertThat(read(new FramingInputStream(InputStream.nullInputStream(), FrameFormat.INT8)))
                .isEmpty();
    }

    @Test
    void aLineTooLongForItsPrefixFailsWithWhatToUseInstead() {
        byte[] input = new byte[300];
        java.util.Arrays.fill(input, (byte) 'y');
        FramingInputStream in = new FramingInputStream(new java.io.ByteArrayInputStream(input), FrameFormat.INT8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(in))
                .hasMessageContaining("300 bytes does not fit --frames int8")
                .hasMessageContaining("--frames int32");
    }

    @Test
    void sendRefusesALineTooLongForItsPrefixAndExitsInsteadOfWaiting() throws Exception {
        byte[] input = ("ok\n" + "y".repeat(300) + "\n").getBytes(US_ASCII);
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "1", "--frames", "int8")) {
            CliRun send = CliRun.run(input, "send", "--frames", "int8", "tcp:host=127.0.0.1:port=" + sink.port());
            assertThat(send.awaitExit()).as(send.err.text()).isEqualTo(CliFailure.RUNTIME);
            assertThat(send.err.text())
                    .startsWith("weft send: a line of 300 bytes does not fit --frames int8 (at most 255 bytes);")
                    .contains("--frames int32")
                    .doesNotContain("Exception");
            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
        }
    }

    @Test
    void aLineLongerThanSendHoldsIsCountedToItsEndNotHeldThenRefused() throws IOException {
        byte[] input = ("z".repeat(1005) + "\r\nok\n").getBytes(US_ASCII);
        for (FrameFormat f : new FrameFormat[] {FrameFormat.INT32, FrameFormat.LINES, FrameFormat.NETSTRING}) {
            FramingInputStream in = new FramingInputStream(new java.io.ByteArrayInputStream(input), f, 1000);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.read(new byte[10], 0, 10))
                    .as(f.key)
                    .isInstanceOf(CliFailure.class)
                    .hasMessage("a line of 1005 bytes is longer than send --frames holds (at most 1000 bytes: it"
                            + " frames one line at a time in memory); cut the input into shorter lines, or send it"
                            + " without --frames");
        }
        byte[] fits = ("z".repeat(1000) + "\r\n").getBytes(US_ASCII);
        assertThat(read(new FramingInputStream(new java.io.ByteArrayInputStream(fits), FrameFormat.LINES, 1000)))
                .hasSize(1002);
    }

    @Test
    void theFrameCounterCountsTheSameFramesHoweverTheBytesArrive() {
        byte[] input = FrameFormat.INT16.frame(new byte[0]);
        byte[] more = FrameFormat.INT16.frame("hello".getBytes(US_ASCII));
        byte[] all = new byte[input.length + more.length + more.length];
        System.arraycopy(input, 0, all, 0, input.length);
        System.arraycopy(more, 0, all, input.length, more.length);
        System.arraycopy(more, 0, all, input.length + more.length, more.length);
        Chunking.standard().splits(all.length).forEach(split -> {
            FrameCounter counter = new FrameCounter(FrameFormat.INT16);
            for (byte[] piece : split.pieces(all)) {
                counter.feed(piece);
            }
            assertThat(counter.words()).as("%s", split).isEqualTo("3 frames (int16)");
            JsonObject json = new JsonObject();
            counter.addTo(json);
            assertThat(json.toString()).isEqualTo("{\"frames\":3,\"frame_lengths\":[0,5,5]}");
        });
    }

    @Test
    void bytesAfterTheLastCompleteFrameAreReportedAsAnUnfinishedFrame() {
        FrameCounter counter = new FrameCounter(FrameFormat.NETSTRING);
        counter.feed("5:hello,12:abc".getBytes(US_ASCII));
        assertThat(counter.words()).isEqualTo("1 frame (netstring), then 6 bytes of an unfinished frame");
        JsonObject json = new JsonObject();
        counter.addTo(json);
        assertThat(json.toString()).isEqualTo("{\"frames\":1,\"frame_lengths\":[5],\"frames_unfinished_bytes\":6}");
    }

    @Test
    void malformedInputStopsTheCountingWithTheReason() {
        FrameCounter counter = new FrameCounter(FrameFormat.NETSTRING);
        counter.feed("1:a,01:b,".getBytes(US_ASCII));
        assertThat(counter.words())
                .startsWith("1 frame (netstring), then malformed netstring: ")
                .contains("leading zero")
                .containsOnlyOnce("malformed netstring");
    }

    @Test
    void aNetstringErrorThatDoesNotSayMalformedIsPrefixedOnce() {
        FrameCounter counter = new FrameCounter(FrameFormat.NETSTRING);
        counter.feed("3:abcX".getBytes(US_ASCII));
        assertThat(counter.words())
                .startsWith("0 frames (netstring), then malformed netstring: the netstring's 3-byte payload is not"
                        + " followed by ','")
                .containsOnlyOnce("malformed netstring");
    }

    @Test
    void sendFramesLinesAndTheSinkCountsThem() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "1", "--frames", "int32", "--json")) {
            CliRun send = CliRun.run(
                    "first\nsecond line\n\nlast".getBytes(US_ASCII),
                    "send",
                    "--frames",
                    "int32",
                    "tcp:host=127.0.0.1:port=" + sink.port());
            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            List<String> lines = sink.lines();
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line)
                            .contains("\"event\":\"connection\"")
                            .contains("\"frames\":4,\"frame_lengths\":[5,11,0,4]"));
        }
    }

    @Test
    void theSinksReportLineSaysHowManyFrames() throws Exception {
        try (CliRun sink = CliRun.start("sink", "--listen", "tcp:0", "--expect", "1", "--frames", "lines")) {
            CliRun send = CliRun.run(
                    "a\nb\n".getBytes(US_ASCII), "send", "--frames", "lines", "tcp:host=127.0.0.1:port=" + sink.port());
            assertThat(send.awaitExit()).as(send.err.text()).isZero();
            assertThat(sink.awaitExit()).as(sink.err.text()).isZero();
            assertThat(sink.lines())
                    .anySatisfy(line -> assertThat(line).matches("#1 .* 6 bytes in .* clean, 2 frames \\(lines\\)"));
        }
    }

    @Test
    void anUnknownFramingIsAUsageErrorNamingTheChoices() throws Exception {
        CliRun run = CliRun.run("sink", "--frames", "int64");
        assertThat(run.awaitExit()).isEqualTo(2);
        assertThat(run.err.text())
                .contains("'int64' is not a framing; use one of lines, int8, int16, int32, netstring");
    }

    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[3];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
