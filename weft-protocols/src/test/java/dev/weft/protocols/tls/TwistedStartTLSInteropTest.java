package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * startTLS against live Twisted (python3-twisted with pyOpenSSL) whose protocol calls {@code
 * self.transport.startTLS(...)}: a STARTTLS line exchange in clear, then TLS on the same TCP
 * connection, 1 MiB echoed, a clean close on both sides. Each side verifies what it should: the
 * Twisted client checks weft's certificate against the test CA and host name, and weft's client
 * checks Twisted's.
 */
@Tag("twisted")
final class TwistedStartTLSInteropTest {
    private static final int SIZE = 1 << 20;
    private static final String SCRIPT = "/twisted_starttls_peer.py";
    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    static Path dir;

    private static List<Path> serverFiles;
    private static Path caFile;

    @BeforeAll
    static void files() throws Exception {
        PeerProcess.requireTwisted();
        serverFiles = Tls.SERVER.writePem(dir, "server");
        caFile = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    private StartTLS starter(TLSConnectionCreator options) {
        return StartTLS.of(options).withClock(rt.reactor()).withTasks(DelegatedTasks.offReactor(rt.reactor()));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void aWeftClientSwitchesToTlsWithATwistedServerThatCallsStartTls() throws Exception {
        try (PeerProcess twisted = PeerProcess.python(
                SCRIPT,
                "server",
                serverFiles.get(1).toString(),
                serverFiles.get(0).toString(),
                "-",
                "-",
                "0",
                "0")) {
            int port = Integer.parseInt(twisted.expect("PORT"));
            byte[] up = new byte[SIZE];
            new Random(9).nextBytes(up);
            StartTlsPeer weft = new StartTlsPeer(starter(Tls.client()), false);
            weft.onHandshake = c -> c.transport().write(up.clone());
            weft.onSecureData = c -> {
                if (c.secure.size() == SIZE) {
                    c.transport().loseConnection();
                }
            };
            rt.await(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + port)
                    .connect(ServerFactory.forProtocol(() -> weft)));

            Failure reason = weft.lost.get(3, TimeUnit.MINUTES);
            var report = twisted.report();
            assertThat(reason.value()).as(reason.getErrorMessage()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(weft.clear.toString(US_ASCII)).isEqualTo("READY\r\n");
            assertThat(weft.secure.toByteArray()).isEqualTo(up); // echoed by Twisted under TLS
            assertThat(report.get("CLEAR")).isEqualTo("STARTTLS");
            assertThat(report.get("HANDSHAKE")).startsWith("TLSv1.3");
            assertThat(report.get("RECEIVED")).isEqualTo(SIZE + " " + sha256(up));
            assertThat(report.get("LOST")).startsWith("ConnectionDone");
        }
    }

    @Test
    void aTwistedClientThatCallsStartTlsSwitchesWithAWeftServer() throws Exception {
        StartTlsPeer weft = new StartTlsPeer(starter(Tls.server()), true);
        int[] echoed = {0};
        weft.onSecureData = s -> {
            byte[] all = s.secure.toByteArray();
            s.transport().write(Arrays.copyOfRange(all, echoed[0], all.length));
            echoed[0] = all.length;
        };
        IListeningPort port =
                rt.call(() -> rt.reactor().listenTCP(0, ServerFactory.forProtocol(() -> weft), 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        try (PeerProcess twisted = PeerProcess.python(
                SCRIPT, "client", "-", "-", caFile.toString(), "example.test", Integer.toString(number), "" + SIZE)) {
            Failure reason = weft.lost.get(3, TimeUnit.MINUTES);
            var report = twisted.report();
            assertThat(reason.value()).as(reason.getErrorMessage()).isExactlyInstanceOf(ConnectionDone.class);
            assertThat(weft.clear.toString(US_ASCII)).isEqualTo("STARTTLS\r\n");
            assertThat(weft.secure.size()).isEqualTo(SIZE);
            assertThat(report.get("CLEAR")).isEqualTo("READY");
            assertThat(report.get("HANDSHAKE")).startsWith("TLSv1.3");
            assertThat(report.get("RECEIVED")).isEqualTo(SIZE + " " + sha256(weft.secure.toByteArray()));
            assertThat(report.get("LOST")).startsWith("ConnectionDone");
        } finally {
            rt.call(() -> port.stopListening());
        }
    }
}
