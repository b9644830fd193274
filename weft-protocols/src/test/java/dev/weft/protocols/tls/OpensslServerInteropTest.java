package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.Factory;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.nio.ReactorThread;
import java.io.IOException;
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
 * weft as the client of {@code openssl s_server}, through a {@code tls:} endpoint string that
 * verifies OpenSSL's certificate and name: 64 MiB each way at once, byte-exact, TLS 1.2 and 1.3;
 * weft closes with close_notify, sees OpenSSL's in return, and s_server ends without an error.
 *
 * <p>{@code s_server -quiet} does not print the port it got for {@code -accept 0}, so the test picks
 * a free port, and starts again on another if s_server cannot bind it; it retries the connect until
 * s_server listens.
 */
@Tag("twisted")
final class OpensslServerInteropTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void weftClientVerifiesOpensslServerAndExchangesDataByteExact(String version) throws Exception {
        List<Path> server = Tls.SERVER.writePem(dir, "openssl-server-" + version);
        Path ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
        Path download = dir.resolve("download-" + version + ".bin");
        String downloadHash = writeRandom(download, 77);
        Path upload = dir.resolve("upload-" + version + ".bin");
        Path errors = dir.resolve("s_server-" + version + ".err");
        StreamingPeer weft = new StreamingPeer(SIZE, 4321, true);
        Process openssl = null;
        try {
            for (int attempt = 1; openssl == null; attempt++) {
                // Held while s_server starts (it sets SO_REUSEADDR, so it may listen there): no other listener is
                // given the port meanwhile, so weft's connect reaches s_server or is refused until s_server listens.
                try (HeldPort held = HeldPort.toListenOn("127.0.0.1")) {
                    int port = held.port();
                    Process p = PeerProcess.raw(
                            List.of(
                                    "openssl",
                                    "s_server",
                                    "-accept",
                                    "127.0.0.1:" + port,
                                    "-cert",
                                    server.get(1).toString(),
                                    "-key",
                                    server.get(0).toString(),
                                    version.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2",
                                    "-naccept",
                                    "1",
                                    "-quiet"),
                            upload,
                            errors);
                    if (connect(p, port, ca, version, weft)) {
                        openssl = p;
                        feed(p, download);
                    } else if (attempt == 5) {
                        fail("openssl s_server never listened; its stderr: " + Files.readString(errors));
                    }
                }
            }
            Failure reason = weft.lost.get(3, TimeUnit.MINUTES);
            assertThat(openssl.waitFor(3, TimeUnit.MINUTES)).isTrue();
            String stderr = Files.readString(errors);
            assertThat(openssl.exitValue()).as(stderr).isZero();
            assertThat(stderr).as("s_server reports no error").doesNotContainIgnoringCase("error");
            assertThat(weft.version).startsWith(version + " ");
            assertThat(reason.value())
                    .as("OpenSSL answered weft's close_notify: " + reason.getErrorMessage())
                    .isExactlyInstanceOf(ConnectionDone.class);
            assertThat(weft.receivedCount).isEqualTo(SIZE);
            assertThat(weft.receivedHash).isEqualTo(downloadHash);
            assertThat(Files.size(upload)).isEqualTo(SIZE);
            assertThat(sha256(upload)).isEqualTo(weft.sentHash);
        } finally {
            if (openssl != null) {
                openssl.destroyForcibly();
            }
        }
    }

    /**
     * Connects through {@code tls:host=example.test:...:endpoint=tcp\:host\=127.0.0.1...} until s_server
     * listens, polling every 50 ms for a minute; returns false if s_server exited first (its port was taken)
     * or never listened, after stopping it.
     */
    private boolean connect(Process openssl, int port, Path ca, String version, StreamingPeer weft) throws Exception {
        String description = "tls:host=example.test:port=" + port + ":trustRoots=" + ca
                + ":endpoint=tcp\\:host\\=127.0.0.1\\:port\\=" + port;
        IStreamClientEndpoint endpoint = rt.call(() ->
                TlsEndpoints.clientFromString(rt.reactor(), description, options -> options.withProtocols(version)));
        for (int tries = 0; tries < 1200; tries++) {
            try {
                rt.await(() -> endpoint.connect(Factory.forProtocol(() -> weft)));
                return true;
            } catch (RuntimeException refused) {
                if (!openssl.isAlive()) {
                    return false;
                }
                rt.await(() -> {
                    Deferred<Void> later = new Deferred<>();
                    rt.reactor().callLater(0.05, () -> later.callback(null));
                    return later;
                });
            }
        }
        openssl.destroyForcibly();
        return false;
    }

    /** Writes {@code file} into s_server's standard input, which stays open: at its end s_server would close. */
    private static void feed(Process openssl, Path file) {
        Thread t = new Thread(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                OutputStream out = openssl.getOutputStream();
                in.transferTo(out);
                out.flush();
            } catch (IOException e) {
                // s_server ended; the assertions say why
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static String writeRandom(Path file, long seed) throws IOException {
        MessageDigest d = StreamingPeer.sha256();
        try (OutputStream out = Files.newOutputStream(file)) {
            Random r = new Random(seed);
            byte[] chunk = new byte[1 << 20];
            for (long i = 0; i < SIZE; i += chunk.length) {
                r.nextBytes(chunk);
                d.update(chunk);
                out.write(chunk);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest d = StreamingPeer.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
