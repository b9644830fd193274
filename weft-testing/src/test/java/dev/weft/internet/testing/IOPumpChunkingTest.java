package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A parsing protocol fed through the pump whole, split at every boundary and one byte at a time:
 * whatever the chunking, the parser sees the same lines and the peer the same answers.
 */
final class IOPumpChunkingTest {
    private static final byte[] INPUT = "one\ntwo\n\nthree\nbye\n".getBytes(US_ASCII);
    private static final List<String> EXPECTED_LINES = List.of("one", "two", "", "three", "bye");

    static Stream<Arguments> chunkings() {
        Stream<Arguments> whole = Stream.of(Arguments.of("whole", List.of(INPUT)));
        Stream<Arguments> splits = IntStream.range(1, INPUT.length)
                .mapToObj(i -> Arguments.of(
                        "split at " + i,
                        List.of(Arrays.copyOfRange(INPUT, 0, i), Arrays.copyOfRange(INPUT, i, INPUT.length))));
        Stream<Arguments> bytes = Stream.of(Arguments.of(
                "one byte at a time",
                IntStream.range(0, INPUT.length)
                        .mapToObj(i -> new byte[] {INPUT[i]})
                        .toList()));
        return Stream.concat(whole, Stream.concat(splits, bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void lineParserSeesTheSameLinesWhateverTheChunking(String name, List<byte[]> chunks) {
        List<String> log = new ArrayList<>();
        ConnectedPair<ProbeProtocol, LineEchoProtocol> pair =
                IOPump.connectedServerAndClient(LineEchoProtocol::new, () -> new ProbeProtocol("C", log));

        for (byte[] chunk : chunks) {
            pair.client().transport().write(chunk.clone());
            pair.pump().pump();
            List<String> seen = pair.server().lines;
            assertThat(seen).isEqualTo(EXPECTED_LINES.subList(0, seen.size()));
        }
        pair.pump().flush();

        assertThat(pair.server().lines).isEqualTo(EXPECTED_LINES);
        assertThat(pair.client().received()).isEqualTo("echo:one\necho:two\necho:\necho:three\necho:bye\n");
        assertThat(pair.client().reasons).hasSize(1);
        assertThat(log).last().isEqualTo("C:lost:ConnectionDone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void chunksWrittenBetweenPumpsArriveOnePerPumpAndJoinedWithinOne(String name, List<byte[]> chunks) {
        List<String> log = new ArrayList<>();
        ConnectedPair<ProbeProtocol, ProbeProtocol> pair =
                IOPump.connectedServerAndClient(() -> new ProbeProtocol("S", log), () -> new ProbeProtocol("C", log));

        for (byte[] chunk : chunks) {
            pair.client().transport().write(chunk.clone());
            pair.pump().pump();
        }
        assertThat(pair.server().chunks).hasSize(chunks.size());

        pair.client().transport().writeSequence(chunks);
        pair.pump().pump();
        assertThat(pair.server().chunks).hasSize(chunks.size() + 1);
        assertThat(pair.server().chunks.get(chunks.size())).isEqualTo(INPUT);
    }
}
