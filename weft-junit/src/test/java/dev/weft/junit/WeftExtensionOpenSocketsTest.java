package dev.weft.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.fixture.SinkServer;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.AccumulatingProtocol;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The open-socket check's failure names each socket left open: its address, and both ends of a connection. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WeftExtensionOpenSocketsTest {
    /** What the case opened, for the assertions; cleaned up after each run. */
    static int tcpPort;

    static int clientPort;

    static @Nullable Path unixPath;

    static final List<AutoCloseable> LEAKS = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : LEAKS) {
            c.close();
        }
        LEAKS.clear();
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
            Files.deleteIfExists(unixPath.getParent());
            unixPath = null;
        }
    }

    /** The case; run only through EngineTestKit. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class Cases {
        @Test
        void leavesATcpPortAUnixPortAndAConnectionOpen(ReactorThread rt) throws IOException {
            ServerFactory factory = ServerFactory.forProtocol(AccumulatingProtocol::new);
            IListeningPort tcp = rt.call(() -> rt.reactor().listenTCP(0, factory, 50, "127.0.0.1"));
            tcpPort = ((IPv4Address) tcp.getHost()).port();
            unixPath = Files.createTempDirectory("weft-hygiene").resolve("s.sock");
            rt.call(() -> rt.reactor().listenUNIX(unixPath.toString(), factory, 50));
            Socket client = new Socket("127.0.0.1", tcpPort);
            LEAKS.add(client);
            clientPort = client.getLocalPort();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (rt.call(rt.reactor()::openSocketCount) < 3) { // the reactor has yet to accept the client
                assertThat(System.nanoTime())
                        .as("the reactor accepts the client in time")
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    /** Leaves a client of the injected {@code SinkServer} open, after it sent a line. */
    @ExtendWith({OnlyInTestKit.class, WeftExtension.class})
    static class SinkCases {
        @Test
        void leavesItsClientOpen(SinkServer server) throws IOException {
            Socket client = new Socket("127.0.0.1", server.port());
            LEAKS.add(client);
            clientPort = client.getLocalPort();
            client.getOutputStream().write("HELLO\n".getBytes(StandardCharsets.US_ASCII));
            server.takeOpenConnection(Duration.ofSeconds(30)).awaitReceived(6, Duration.ofSeconds(30));
        }
    }

    @Test
    void anOpenSinkConnectionIsNamedByItsPeerAndWhatItSentAndSaidOnce() {
        List<Throwable> failures = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(SinkCases.class, "leavesItsClientOpen", SinkServer.class))
                .execute()
                .testEvents()
                .failed()
                .stream()
                .map(e -> e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .orElseThrow())
                .toList();

        assertThat(failures).singleElement().satisfies(t -> {
            assertThat(t.getMessage())
                    .contains("SinkServer closed with 1 connection(s) still open")
                    .contains("[#1 from 127.0.0.1:" + clientPort + ", 6 bytes \"HELLO\\x0a\", open (script: ");
            assertThat(t.getCause()).as("no cause repeating the message").isNull();
        });
    }

    @Test
    void theFailureNamesEachSocketWithItsAddresses() {
        List<String> failures = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInTestKit.KEY, "true")
                .selectors(selectMethod(Cases.class, "leavesATcpPortAUnixPortAndAConnectionOpen", ReactorThread.class))
                .execute()
                .testEvents()
                .failed()
                .stream()
                .map(e -> e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse("?"))
                .toList();

        assertThat(failures)
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .contains(
                                "3 socket(s) (connections, listening ports or connect attempts) still open on the injected"
                                        + " reactor")
                        .contains("listening port <")
                        .contains(" on " + tcpPort + "> at 127.0.0.1:" + tcpPort)
                        .contains("listening port <ServerFactory on " + unixPath + ">, ")
                        .contains("connection <AccumulatingProtocol #0 on " + tcpPort + ">, local 127.0.0.1:" + tcpPort
                                + ", peer 127.0.0.1:" + clientPort)
                        .contains("; close them (loseConnection, stopListening)"));
    }
}
