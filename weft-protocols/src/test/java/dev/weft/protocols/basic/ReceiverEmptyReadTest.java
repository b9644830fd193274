package dev.weft.protocols.basic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IBufferedProtocol;
import dev.weft.internet.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every framing receiver read the way the reactor reads: before each read {@code getBuffer}, and {@code
 * bufferUpdated} only if the read returned bytes. Reads that return nothing, with hints from 1 byte to 1 MiB (which
 * makes the receive buffer grow and move the bytes it holds mid-frame), must lose or double nothing.
 */
final class ReceiverEmptyReadTest {
    /**
     * Feeds {@code input} three bytes per read, each read preceded by two empty reads with different hints, then ends
     * the stream with one more empty read and {@code connectionLost}.
     */
    private static void readLikeTheReactor(IBufferedProtocol p, byte[] input) {
        p.makeConnection(new StringTransport());
        for (int offset = 0; offset < input.length; offset += 3) {
            int n = Math.min(3, input.length - offset);
            p.getBuffer(1); // a spurious wake-up
            p.getBuffer(1 << 20); // another, asking for much more room
            ByteBuffer b = p.getBuffer(65536);
            b.put(input, offset, n);
            p.bufferUpdated(n);
        }
        p.getBuffer(65536); // the read that returns -1
        p.connectionLost(new Failure(new ConnectionDone()));
    }

    @Test
    void lineReceiverKeepsEveryLineAndRawBody() {
        var p = new LineReceiverChunkingTest.MessageReader();

        readLikeTheReactor(
                p, "POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello\r\nweftGET /b\r\n\r\n".getBytes(US_ASCII));

        assertThat(p.events)
                .containsExactly(
                        "line POST /a HTTP/1.1",
                        "line Content-Length: 11",
                        "line ",
                        "body hello\r\nweft",
                        "line GET /b",
                        "line ");
    }

    @Test
    void lineOnlyReceiverKeepsEveryLine() {
        var p = new LineOnlyReceiverChunkingTest.Lines();

        readLikeTheReactor(p, "first\nsecond line\n\nthird\n".getBytes(US_ASCII));

        assertThat(p.lines).containsExactly("first", "second line", "", "third");
    }

    @Test
    void netstringReceiverKeepsEveryString() {
        var p = new NetstringReceiverChunkingTest.Strings();

        readLikeTheReactor(p, "5:hello,0:,11:hello world,".getBytes(US_ASCII));

        assertThat(p.strings).containsExactly("hello", "", "hello world");
    }

    @Test
    void intNStringReceiversKeepEveryString() {
        for (int prefix : new int[] {1, 2, 4}) {
            var p = new IntNStringReceiverChunkingTest.Strings(prefix);
            byte[][] strings = {
                IntNStringReceiverChunkingTest.pattern(5),
                new byte[0],
                IntNStringReceiverChunkingTest.pattern(200),
                IntNStringReceiverChunkingTest.pattern(1)
            };

            readLikeTheReactor(p, IntNStringReceiverChunkingTest.frames(prefix, strings));

            assertThat(p.strings.stream().map(s -> s.length).collect(Collectors.toList()))
                    .as("prefix of %d bytes", prefix)
                    .isEqualTo(List.of(5, 0, 200, 1));
            for (int i = 0; i < strings.length; i++) {
                assertThat(p.strings.get(i)).isEqualTo(strings[i]);
            }
        }
    }
}
