package dev.weft.internet.nio;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.testing.AccumulatingServerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's examples: the first runs here, and both must match the README line for line. */
final class ReadmeExampleTest {

    @Test
    void theSinkExampleRuns() {
        try (ReactorThread rt = ReactorThread.start()) {
            NioReactor reactor = rt.reactor();
            AccumulatingServerFactory sinks = new AccumulatingServerFactory();
            Deferred<Void> closed = new Deferred<>();
            sinks.setProtocolConnectionLost(closed); // becomes the next sink's closedDeferred
            IListeningPort port = rt.call(() -> reactor.listenTCP(0, sinks, 50, "127.0.0.1"));
            String peer = "tcp:127.0.0.1:" + ((IPv4Address) port.getHost()).port();
            rt.await(() -> Endpoints.clientFromString(reactor, peer)
                    .connectProtocol(new Protocol())
                    .addCallbackDeferring(client -> {
                        client.transport().write("hello".getBytes(US_ASCII));
                        client.transport().loseConnection();
                        return closed;
                    }));
            assertThat(rt.call(() -> sinks.lastProtocol().data())).isEqualTo("hello".getBytes(US_ASCII));
        }
    }

    @Test
    void theReadmeShowsTheExamplesExactlyAsTheTestsRunThem() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String tests = "src/test/java/dev/weft/internet/nio/";
        assertContainsInOrder(Files.readString(Path.of(tests + "ReadmeExampleTest.java")), example(readme, "sink"));
        assertContainsInOrder(Files.readString(Path.of(tests + "ReadmeEcho.java")), example(readme, "echo"));
    }

    /** Returns the lines of the java block that follows {@code <!-- example: name -->}, stripped. */
    static List<String> example(String readme, String name) {
        String marker = "<!-- example: " + name + " -->";
        int at = readme.indexOf(marker);
        assertThat(at).as("README marker %s", marker).isNotNegative();
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        int end = readme.indexOf("```", start);
        List<String> lines = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }

    private static void assertContainsInOrder(String source, List<String> lines) {
        List<String> sourceLines = new ArrayList<>();
        for (String line : source.split("\n")) {
            sourceLines.add(line.strip());
        }
        int first = sourceLines.indexOf(lines.get(0));
        assertThat(first)
                .as("the source has the example's first line: %s", lines.get(0))
                .isNotNegative();
        assertThat(sourceLines.subList(first, Math.min(sourceLines.size(), first + lines.size())))
                .as("the example, as the README shows it")
                .isEqualTo(lines);
    }
}
