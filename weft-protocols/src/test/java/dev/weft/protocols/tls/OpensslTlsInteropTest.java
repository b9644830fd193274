package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A weft TLS server against {@code openssl s_client}, which verifies weft's chain and host name:
 * 64 MiB each way byte-exact, TLS 1.2 and 1.3, weft closes with close_notify and s_client exits
 * cleanly.
 */
@Tag("twisted")
final class OpensslTlsInteropTest {
    private static final long SIZE = 64L << 20;
    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    static Path dir;

    @BeforeAll
    static void requireOpenssl() throws Exception {
        PeerProcess.requireOpenssl();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = StreamingPeer.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void opensslClientVerifiesWeftAndExchangesDataByteExact(String version) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
        Path upload = dir.resolve("upload-" + version + ".bin");
        Path download = dir.resolve("download-" + version + ".bin");
        try (OutputStream out = Files.newOutputStream(upload)) {
            Random r = new Random(99);
            byte[] chunk = new byte[1 << 20];
            for (long i = 0; i < SIZE; i += chunk.length) {
                r.nextBytes(chunk);
                out.write(chunk);
            }
        }
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
        int number = ((IPv4Address) port.getHost()).port();
        String flag = version.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2";
        try (PeerProcess openssl = PeerProcess.command(
                List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + number,
                        "-CAfile",
                        ca.toString(),
                        "-verify_hostname",
                        "example.test",
                        "-servername",
                        "example.test",
                        "-verify_return_error",
                        flag,
                        "-quiet"),
                upload,
                download)) {
            Failure reason = weft.lost.get(3, TimeUnit.MINUTES);
            int exit = openssl.waitForExit();
            assertThat(weft.version).startsWith(version);
            assertThat(reason.value()).as(reason.getErrorMessage()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(exit).as(openssl.stderr()).isZero();
            assertThat(weft.receivedHash).isEqualTo(sha256(upload));
            assertThat(sha256(download)).isEqualTo(weft.sentHash);
        } finally {
            rt.call(() -> port.stopListening());
        }
    }
}
