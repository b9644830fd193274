package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.IAddress;
import dev.weft.internet.IHalfCloseableProtocol;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ITransport;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseKind;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.Side;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server leg that the reactor made, and whose protocol then failed as the connection started: the reactor closes
 * it and fails the connect's Deferred with what was thrown. The tap records it as a connection that failed after
 * connecting ({@link Problems#failedAfterConnecting}), once, not as a server it could not reach.
 */
final class TapServerLegFailureTest {
    private static final String THROWN = "the layer under the server leg failed as it started";

    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        rt.close();
    }

    /**
     * Before, the reactor's close was recorded as an error close saying only what was thrown, and the Deferred's
     * failure then as a second close of the same leg, a connect-failed one saying {@code cannot connect to ...}.
     */
    @ParameterizedTest(name = "faults: {0}")
    @ValueSource(strings = {"", "latency=10"})
    void aServerLegThatFailsAsItStartsIsRecordedOnceAsFailedAfterConnectingAndTheClientIsReset(String faults)
            throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            String target = "tcp:host=127.0.0.1:port=" + server.getLocalPort();
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    return s.getInputStream().read(); // the reactor closed its side
                } catch (IOException e) {
                    return -2;
                }
            });
            IStreamClientEndpoint tcp = rt.call(() -> Endpoints.clientFromString(rt.reactor(), target));
            IStreamClientEndpoint failing = factory -> tcp.connect(failingAsItStarts(factory));
            Path capture = dir.resolve("failed.weftcap");
            CaptureLog log = CaptureLog.open(capture, false, e -> {});
            CompletableFuture<TapConnection> finished = new CompletableFuture<>();
            Tap tap = new Tap(failing, target, log, finished::complete);
            if (!faults.isEmpty()) {
                rt.execute(() -> tap.setFaults(Faults.parse(faults), rt.reactor()));
            }
            int port = rt.call(() -> ((IPv4Address) rt.reactor()
                            .listenTCP(0, tap.factory(), 50, "127.0.0.1")
                            .getHost())
                    .port());

            try (Socket client = new Socket("127.0.0.1", port)) {
                client.setSoTimeout(10_000);
                assertThat(endsInReset(client)).as("the client is reset").isTrue();
            }

            String why = Problems.failedAfterConnecting(target, new IllegalStateException(THROWN));
            assertThat(why).startsWith("connected to " + target + ", but ");
            assertThat(finished.get(30, TimeUnit.SECONDS).line()).endsWith("; client reset (by tap), server " + why);
            assertThat(served.get(30, TimeUnit.SECONDS)).isIn(-1, -2);
            assertThat(log.close()).isNull();
            List<CaptureRecord> closes = TapCommandTest.records(capture).stream()
                    .filter(r -> r instanceof CloseRecord)
                    .toList();
            assertThat(closes)
                    .filteredOn(r -> ((CloseRecord) r).side() == Side.SERVER)
                    .singleElement()
                    .satisfies(r -> {
                        CloseRecord c = (CloseRecord) r;
                        assertThat(c.kind()).isEqualTo(CloseKind.ERROR);
                        assertThat(c.byTap()).isFalse();
                        assertThat(c.reason()).isEqualTo(why);
                    });
            assertThat(closes).hasSize(2);
        }
    }

    /** Reads to the end: true if the stream ends in a reset, false if in a clean end of stream. */
    private static boolean endsInReset(Socket s) throws IOException {
        try {
            s.getInputStream().readAllBytes();
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /**
     * Builds each server leg under a layer that, as TLS could, gives the leg its connection and then throws: to the
     * reactor, the protocol failed in {@code connectionMade}.
     */
    private static IProtocolFactory failingAsItStarts(IProtocolFactory factory) {
        return new IProtocolFactory() {
            @Override
            public IProtocol buildProtocol(IAddress addr) {
                IHalfCloseableProtocol leg = (IHalfCloseableProtocol) factory.buildProtocol(addr);
                return new IHalfCloseableProtocol() {
                    @Override
                    public void makeConnection(ITransport transport) {
                        leg.makeConnection(transport);
                        throw new IllegalStateException(THROWN);
                    }

                    @Override
                    public void connectionMade() {}

                    @Override
                    public void dataReceived(byte[] data) {
                        leg.dataReceived(data);
                    }

                    @Override
                    public void connectionLost(Failure reason) {
                        leg.connectionLost(reason);
                    }

                    @Override
                    public void readConnectionLost() {
                        leg.readConnectionLost();
                    }

                    @Override
                    public void writeConnectionLost() {
                        leg.writeConnectionLost();
                    }
                };
            }

            @Override
            public void doStart() {
                factory.doStart();
            }

            @Override
            public void doStop() {
                factory.doStop();
            }
        };
    }
}
