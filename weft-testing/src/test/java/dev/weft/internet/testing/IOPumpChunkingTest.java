package dev.weft.internet.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A parsing protocol fed through the pump whole, split at every boundary and one byte at a time
 * (the chunking harness's splits, one write and one pump per piece): whatever the chunking, the
 * parser sees the same lines and the peer the same answers.
 */
final class IOPumpChunkingTest {
    private static final String INPUT_TEXT = "one\ntwo\n\nthree\nbye\n";
    private static final byte[] INPUT = INPUT_TEXT.getBytes(US_ASCII);

    static Stream<Arguments> splits() {
        return Chunking.standard().splits(INPUT.length).map(split -> Arguments.of(split, INPUT.clone()));
    }

    private static final List<String> EXPECTED_LINES = List.of("one", "two", "", "three", "bye");

    @ParameterizedTest
    @MethodSource("splits")
    void lineParserSeesTheSameLinesWhateverTheChunking(Split split, byte[] input) {
        List<byte[]> chunks = split.pieces(input);
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

    @ParameterizedTest
    @MethodSource("splits")
    void chunksWrittenBetweenPumpsArriveOnePerPumpAndJoinedWithinOne(Split split, byte[] input) {
        List<byte[]> chunks = split.pieces(input);
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
