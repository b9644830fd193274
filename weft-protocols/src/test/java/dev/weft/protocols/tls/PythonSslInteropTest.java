package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ClientFactory;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.nio.file.Files;
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
 * weft against Python's {@code ssl} module (OpenSSL underneath), as server and as client, TLS 1.2
 * and 1.3: 64 MiB each way at once, byte-exact; each side verifies the other's certificate where it
 * is asked to; both see the other's close_notify.
 */
@Tag("twisted")
final class PythonSslInteropTest {
    private static final long SIZE = 64L << 20;
    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    static Path dir;

    @BeforeAll
    static void requirePython() throws Exception {
        PeerProcess.requirePython();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    private static List<String> args(String role, int port, String version) throws Exception {
        List<Path> server = Tls.SERVER.writePem(dir, "server-" + role + "-" + version);
        Path ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
        return List.of(
                role,
                server.get(1).toString(),
                server.get(0).toString(),
                ca.toString(),
                "example.test",
                Integer.toString(port),
                Long.toString(SIZE),
                "4242",
                version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void weftClientVerifiesAPythonServer(String version) throws Exception {
        try (PeerProcess python = PeerProcess.python("python_ssl_peer.py", args("server", 0, version))) {
            int port = Integer.parseInt(python.expect("PORT"));
            StreamingPeer weft = new StreamingPeer(SIZE, 1234, true);
            TLSClientOptions options = Tls.client().withProtocols(version);
            rt.execute(() -> rt.reactor()
                    .connectTCP(
                            "127.0.0.1",
                            port,
                            ClientFactory.forProtocol(() -> new TLSMemoryBIOProtocol(
                                    options, weft, DelegatedTasks.offReactor(rt.reactor()), true)),
                            30,
                            null));
            check(python, weft, version);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void pythonClientVerifiesAWeftServer(String version) throws Exception {
        StreamingPeer weft = new StreamingPeer(SIZE, 5678, true);
        TLSServerOptions options = Tls.server().withProtocols(version);
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0,
                        new TLSMemoryBIOFactory(
                                options,
                                ServerFactory.forProtocol(() -> weft),
                                DelegatedTasks.offReactor(rt.reactor())),
                        50,
                        "127.0.0.1"));
        try (PeerProcess python = PeerProcess.python(
                "python_ssl_peer.py", args("client", ((IPv4Address) port.getHost()).port(), version))) {
            check(python, weft, version);
        } finally {
            rt.call(() -> port.stopListening());
        }
    }

    /** OpenSSL names TLS 1.2 suites ECDHE-ECDSA-AES256-GCM-SHA384, the JDK TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384. */
    static String cipherWords(String versionAndCipher) {
        return versionAndCipher
                .replaceAll("(?<= )TLS_", "")
                .replace("_WITH_", "_")
                .replaceAll("[-_]", "");
    }

    private static void check(PeerProcess python, StreamingPeer weft, String version) throws Exception {
        String handshake = python.expect("HANDSHAKE");
        String sent = python.expect("SENT");
        String received = python.expect("RECEIVED");
        String close = python.expect("CLOSE");
        Failure reason = weft.lost.get(3, TimeUnit.MINUTES);
        assertThat(python.waitForExit()).as(python.stderr()).isZero();
        assertThat(handshake).startsWith(version + " ");
        assertThat(cipherWords(weft.version)).as("the same version and cipher").isEqualTo(cipherWords(handshake));
        assertThat(reason.value()).as(reason.getErrorMessage()).isExactlyInstanceOf(ConnectionDone.class);
        assertThat(close).as("python saw weft's close_notify").isEqualTo("clean");
        assertThat(weft.receivedCount).isEqualTo(SIZE);
        assertThat(weft.receivedHash).isEqualTo(sent);
        assertThat(received).isEqualTo(SIZE + " " + weft.sentHash);
    }
}
