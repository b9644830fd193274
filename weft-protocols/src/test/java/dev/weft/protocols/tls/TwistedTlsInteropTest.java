package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * weft's TLS on a real reactor against live Twisted TLS (python3-twisted with pyOpenSSL), as client
 * and as server, TLS 1.2 and 1.3: 64 MiB each way at once, compared by SHA-256, and a clean close
 * seen on both sides. Twisted verifies weft's certificate against the test CA and the host name;
 * weft verifies Twisted's.
 */
@Tag("twisted")
final class TwistedTlsInteropTest {
    private static final long SIZE = 64L << 20;
    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    static Path dir;

    private static List<Path> serverFiles;
    private static Path caFile;

    @BeforeAll
    static void files() throws Exception {
        PeerProcess.requireTwisted();
        serverFiles = Tls.SERVER.writePem(dir, "server");
        caFile = java.nio.file.Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    private DelegatedTasks tasks() {
        return DelegatedTasks.offReactor(rt.reactor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void weftClientAgainstATwistedServerThatClosesFirst(String version) throws Exception {
        try (PeerProcess twisted = PeerProcess.twisted(
                "server",
                serverFiles.get(1).toString(),
                serverFiles.get(0).toString(),
                caFile.toString(),
                "-",
                "0",
                Long.toString(SIZE),
                "1234",
                "yes")) {
            int port = Integer.parseInt(twisted.expect("PORT"));
            StreamingPeer weft = new StreamingPeer(SIZE, 5678, false);
            TLSClientOptions options = Tls.client().withProtocols(version);
            rt.execute(() -> rt.reactor()
                    .connectTCP(
                            "127.0.0.1",
                            port,
                            ClientFactory.forProtocol(() -> new TLSMemoryBIOProtocol(options, weft, tasks(), true)),
                            30,
                            null));
            Failure reason = weft.lost.get(3, TimeUnit.MINUTES);
            var report = twisted.report();
            String twistedSent = report.get("SENT");
            String twistedReceived = report.get("RECEIVED");
            String twistedLost = report.get("LOST");

            assertThat(report.get("HANDSHAKE")).startsWith(version);
            assertThat(weft.version).startsWith(version);
            assertThat(reason.value()).as(reason.getErrorMessage()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(weft.receivedCount).isEqualTo(SIZE);
            assertThat(weft.receivedHash).isEqualTo(twistedSent);
            assertThat(twistedReceived).isEqualTo(SIZE + " " + weft.sentHash);
            assertThat(twistedLost).startsWith("ConnectionDone");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aTwistedClientAgainstAWeftServerThatClosesFirst(String version) throws Exception {
        StreamingPeer weft = new StreamingPeer(SIZE, 5678, true);
        TLSServerOptions options = Tls.server().withProtocols(version);
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0,
                        new TLSMemoryBIOFactory(options, ServerFactory.forProtocol(() -> weft), tasks()),
                        50,
                        "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        try (PeerProcess twisted = PeerProcess.twisted(
                "client",
                "-",
                "-",
                caFile.toString(),
                "example.test",
                Integer.toString(number),
                Long.toString(SIZE),
                "1234",
                "no")) {
            Failure reason = weft.lost.get(3, TimeUnit.MINUTES);
            var report = twisted.report();
            String handshake = report.get("HANDSHAKE");
            String twistedSent = report.get("SENT");
            String twistedReceived = report.get("RECEIVED");
            String twistedLost = report.get("LOST");

            assertThat(handshake).startsWith(version);
            assertThat(reason.value()).as(reason.getErrorMessage()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(weft.receivedHash).isEqualTo(twistedSent);
            assertThat(twistedReceived).isEqualTo(SIZE + " " + weft.sentHash);
            assertThat(twistedLost).startsWith("ConnectionDone");
        } finally {
            rt.call(() -> port.stopListening());
        }
    }
}
