package dev.weft.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.FaultRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tap --fault s>c:reset-after=N}: the client reads exactly the first N bytes the server answered, then the
 * reset, and the capture records those N bytes as delivered. Before the fix the tap reset the client leg in the reactor
 * turn that wrote the N bytes to it, and the abort dropped them: the client read 0 bytes while the capture said N.
 */
final class TapResetAfterTest {
    private static final int RUNS = 5;

    @TempDir
    Path dir;

    private static final byte[] REQUEST = "GET k\n".getBytes(US_ASCII);

    /** Answers the request of each of {@code connections} connections with {@code reply}, then reads to the end. */
    private static CompletableFuture<Void> answeringServer(ServerSocket server, byte[] reply, int connections) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < connections; i++) {
                try (Socket s = server.accept()) {
                    s.getInputStream().readNBytes(REQUEST.length);
                    s.getOutputStream().write(reply);
                    s.getInputStream().readAllBytes();
                } catch (IOException e) {
                    // the tap reset this leg: expected
                }
            }
        });
    }

    /**
     * Sends the request and reads until the connection ends; returns the bytes, failing unless it ends in a reset.
     * The server answers only the request, so no reset can reach the client while its {@code connect} returns.
     */
    private static byte[] readUntilTheReset(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            s.setSoTimeout(60_000);
            s.getOutputStream().write(REQUEST);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    got.write(buf, 0, n);
                }
            } catch (SocketException e) {
                assertThat(e).hasMessageContaining("reset");
                return got.toByteArray();
            }
            throw new AssertionError("end of stream after " + got.size() + " bytes, not a reset");
        }
    }

    @ParameterizedTest(name = "{0} of {1} bytes, {2}")
    @CsvSource({"9, 12, ''", "1, 12, ''", "9, 12, ',s>c:bandwidth=100/s'", "30000, 65536, ''"})
    void theClientGetsExactlyNBytesThenTheResetAndTheCaptureRecordsThem(int n, int size, String more) throws Exception {
        byte[] reply = size == 12 ? "VALUE hello\n".getBytes(US_ASCII) : Clients.randomBytes(size, 3);
        String fault = "s>c:reset-after=" + n + more;
        Path capture = dir.resolve("reset.weftcap");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> served = answeringServer(server, reply, RUNS);
            try (CliRun tap = TapFaultTest.startTap(server.getLocalPort(), capture, String.valueOf(RUNS), fault)) {
                for (int run = 0; run < RUNS; run++) {
                    byte[] got = readUntilTheReset(tap.port());
                    assertThat(got.length)
                            .as("run %d: bytes before the reset", run)
                            .isEqualTo(n);
                    assertThat(Arrays.equals(got, Arrays.copyOf(reply, n))).isTrue();
                }
                assertThat(tap.awaitExit()).as(tap.err.text()).isZero();
            }
            served.get();
        }
        List<CaptureRecord> records = TapCommandTest.records(capture);
        for (int id = 1; id <= RUNS; id++) {
            List<CaptureRecord> one = TapCommandTest.ofConnection(records, id);
            assertThat(TapCommandTest.sentBy(one, Side.SERVER))
                    .as("connection %d: the bytes s>c the capture records", id)
                    .hasSize(n);
            assertThat(one)
                    .anyMatch(r -> r instanceof FaultRecord f
                            && f.effect().equals("reset both legs after " + Units.bytes(n) + " s>c"));
            assertThat(one.stream().filter(r -> r instanceof CloseRecord).map(r -> ((CloseRecord) r).kind()))
                    .containsOnly(CloseKind.ABORTED);
        }
    }
}
