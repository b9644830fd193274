package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LineReceiverChunkingTest {
    /** Reads HTTP/1.1-style messages: header lines, then a Content-Length body in raw mode, repeated. */
    static final class MessageReader extends LineReceiver {
        final List<String> events = new ArrayList<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int contentLength;

        @Override
        public void lineReceived(byte[] line) {
            String text = new String(line, US_ASCII);
            events.add("line " + text);
            if (text.startsWith("Content-Length: ")) {
                contentLength = Integer.parseInt(text.substring(16));
            } else if (text.isEmpty() && contentLength > 0) {
                setRawMode();
            }
        }

        @Override
        public void rawDataReceived(byte[] data) {
            int take = Math.min(data.length, contentLength - body.size());
            body.write(data, 0, take);
            if (body.size() == contentLength) {
                events.add("body " + body.toString(US_ASCII));
                body.reset();
                contentLength = 0;
                byte[] rest = new byte[data.length - take];
                System.arraycopy(data, take, rest, 0, rest.length);
                setLineMode(rest);
            }
        }
    }

    @Test
    void headersAndBodiesAreTheSameHoweverTheInputIsSplit() {
        byte[] input = ("POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello\r\nweft"
                        + "GET /b HTTP/1.1\r\n\r\n"
                        + "POST /c HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"
                        + "QUIT\r\n\r\n")
                .getBytes(US_ASCII);
        Feed.everySplit(
                input,
                () -> {
                    MessageReader reader = new MessageReader();
                    reader.makeConnection(new StringTransport());
                    return reader;
                },
                (split, reader) -> {
                    assertThat(reader.events)
                            .containsExactly(
                                    "line POST /a HTTP/1.1",
                                    "line Content-Length: 11",
                                    "line ",
                                    "body hello\r\nweft",
                                    "line GET /b HTTP/1.1",
                                    "line ",
                                    "line POST /c HTTP/1.1",
                                    "line Content-Length: 3",
                                    "line ",
                                    "body xyz",
                                    "line QUIT",
                                    "line ");
                    assertThat(reader.clearLineBuffer()).isEmpty();
                });
    }

    /** Collects lines. */
    static final class Lines extends LineReceiver {
        final List<String> lines = new ArrayList<>();

        @Override
        public void lineReceived(byte[] line) {
            lines.add(new String(line, US_ASCII));
        }
    }

    @Test
    void aSelfOverlappingDelimiterSplitsAtTheLeftmostOccurrenceHoweverSplit() {
        byte[] input = "aaaXaaaaYaa".getBytes(US_ASCII);
        Feed.everySplit(
                input,
                () -> {
                    Lines lines = new Lines();
                    lines.setDelimiter("aa".getBytes(US_ASCII));
                    lines.makeConnection(new StringTransport());
                    return lines;
                },
                (split, lines) -> {
                    // Python: b"aaaXaaaaYaa".split(b"aa") == [b"", b"aX", b"", b"Y", b""]
                    assertThat(lines.lines).containsExactly("", "aX", "", "Y");
                    assertThat(lines.clearLineBuffer()).isEmpty();
                });
    }

    @Test
    void aLongLineFedOneByteAtATimeIsDeliveredWhole() {
        byte[] input = new byte[1 << 20];
        java.util.Arrays.fill(input, (byte) 'x');
        input[input.length - 2] = '\r';
        input[input.length - 1] = '\n';
        Lines lines = new Lines();
        lines.setMaxLength(1 << 20);
        lines.makeConnection(new StringTransport());
        for (byte b : input) {
            dev.weft.internet.IBufferedProtocol.deliver(lines, new byte[] {b});
        }
        assertThat(lines.lines).hasSize(1);
        assertThat(lines.lines.get(0)).hasSize(input.length - 2).matches("x+");
    }
}
