package dev.weft.cli.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.Chunking;
import dev.weft.internet.testing.capture.Capture;
import dev.weft.internet.testing.capture.CaptureReplay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the code of the README's "Record and replay" section against the capture its terminal
 * session recorded ({@code src/test/resources/session.weftcap}: a tap between {@code weft send} and
 * a line server), and keeps the README's Java block equal to this code.
 */
final class RecordAndReplayReadmeTest {
    /** The server under test: answers each line with "echo:LINE", and the client's end with "bye". */
    static class LineEcho extends Protocol implements IHalfCloseableProtocol {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public void dataReceived(byte[] data) {
            for (byte b : data) {
                line.write(b);
                if (b == '\n') {
                    transport().write(("echo:" + line.toString(US_ASCII)).getBytes(US_ASCII));
                    line.reset();
                }
            }
        }

        @Override
        public void readConnectionLost() {
            transport().write("bye\n".getBytes(US_ASCII));
            transport().loseConnection();
        }

        @Override
        public void writeConnectionLost() {}
    }

    @Test
    void answersEveryRecordedClientAsTheRecordedServerDid() throws IOException {
        Capture capture = Capture.read(Path.of("src/test/resources/session.weftcap"));

        for (int id : new int[] {1, 2}) {
            CaptureReplay replay = CaptureReplay.of(capture.connection(id));
            replay.asServer(new LineEcho()).assertMatches(); // the recorded pieces
            replay.asServerInEverySplit(LineEcho::new, Chunking.standard()); // and every other split
        }
    }

    @Test
    void aServerThatForgetsTheGoodbyeIsCaughtAtTheRightByte() throws IOException {
        Capture capture = Capture.read(Path.of("src/test/resources/session.weftcap"));
        Protocol noBye = new LineEcho() {
            @Override
            public void readConnectionLost() {
                transport().loseConnection();
            }
        };

        assertThatThrownBy(() ->
                        CaptureReplay.of(capture.connection(1)).asServer(noBye).assertMatches())
                .hasMessageStartingWith("connection #1, replayed to a server: s>c differs at byte 22: expected 0x62"
                        + " 'b', got no more bytes (only 22 bytes came)");
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("## Record and replay");
        assertThat(start).as("the README has a Record and replay section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        String source = normalize(
                Files.readString(Path.of("src/test/java/dev/weft/cli/readme/RecordAndReplayReadmeTest.java")));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(source).as("README block must appear in this test").contains(normalize(block.group(1)));
        }
        assertThat(blocks).isPositive();
    }

    private static String normalize(String code) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n")) {
            if (!line.isBlank()) {
                out.append(line.strip()).append('\n');
            }
        }
        return out.toString();
    }
}
