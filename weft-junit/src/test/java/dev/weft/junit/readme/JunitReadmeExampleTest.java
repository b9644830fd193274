package dev.weft.junit.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.fixture.Script;
import dev.weft.fixture.SinkConnection;
import dev.weft.fixture.SinkServer;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.testing.Split;
import dev.weft.junit.ChunkedSource;
import dev.weft.junit.Listen;
import dev.weft.junit.WeftExtension;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/** The code of weft-junit/README.md, run: a plain java.net client and a plain line splitter under the extension. */
@ExtendWith(WeftExtension.class)
final class JunitReadmeExampleTest {

    /** The client under test: plain java.net, nothing of weft. */
    static String ping(int port) throws IOException {
        return ping("127.0.0.1", port);
    }

    /** The same client, dialling {@code host}: {@code "::1"} for IPv6 loopback. */
    static String ping(String host, int port) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.getOutputStream().write("PING\n".getBytes(US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII)).readLine();
        }
    }

    /** The parser under test: splits what it is fed into lines, whatever the pieces. */
    static final class LineSplitter {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        final List<String> lines = new ArrayList<>();

        void feed(byte[] piece) {
            for (byte b : piece) {
                if (b == '\n') {
                    lines.add(line.toString(US_ASCII));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }

    // README: begin
    @Test
    void theClientSendsPingAndReadsPong(SinkServer server) throws IOException {
        server.enqueue(Script.accumulate().answerAfter(5, "PONG\n".getBytes(US_ASCII)));

        assertThat(ping(server.port())).isEqualTo("PONG");

        SinkConnection c = server.takeConnection(Duration.ofSeconds(10));
        assertThat(c.data()).asString(US_ASCII).isEqualTo("PING\n");
        assertThat(c.closedReason().check(ConnectionDone.class)).isNotNull();
    }

    @ParameterizedTest
    @ChunkedSource("GET a\nGET b\n")
    void linesComeOutWhateverThePieces(Split split, byte[] input) {
        LineSplitter splitter = new LineSplitter();
        for (byte[] piece : split.pieces(input)) {
            splitter.feed(piece);
        }
        assertThat(splitter.lines).containsExactly("GET a", "GET b");
    }
    // README: end

    // README (IPv6): begin
    @Test
    void theClientDialsIpv6Loopback(@Listen("::1") SinkServer server) throws IOException {
        server.enqueue(Script.accumulate().answerAfter(5, "PONG\n".getBytes(US_ASCII)));

        assertThat(ping("::1", server.port())).isEqualTo("PONG");
    }
    // README (IPv6): end
}
