package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.fixture.forward.Forwarding;
import dev.weft.internet.IAddress;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.nio.INioTransport;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSMemoryBIOFactory;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tap}'s back-pressure on real sockets, in process: behind the tap a reader that has stopped
 * reading; in front a client writing 32 MiB. The tap must stop reading from the client once its
 * upstream buffer is full, so its queued bytes stay near the high-water mark, and deliver
 * everything, in order, once the reader reads again. With TLS on both legs the same must hold
 * through the TLS layers (and their handshakes must not be starved by the tap's pauses).
 */
class TapFlowControlTest {
    private static final int TOTAL = 32 << 20;
    /** What may be queued upstream: the high-water mark, and the records decrypted or read before the pause. */
    private static final long BOUND = INioTransport.HIGH_WATER_MARK + (256 << 10);

    private static final SelfSigned TAP_CERT = SelfSigned.make(List.of("127.0.0.1"));
    private static final SelfSigned READER_CERT = SelfSigned.make(List.of("127.0.0.1"));

    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        rt.close();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aStalledReaderBehindTheTapStopsTheTapReadingFromTheClientUntilItReadsAgain(boolean tls) throws Exception {
        byte[] payload = new byte[TOTAL];
        new Random(12).nextBytes(payload);
        StalledReader reader = new StalledReader();
        IProtocolFactory readerFactory = ServerFactory.forProtocol(() -> reader);
        if (tls) {
            readerFactory = new TLSMemoryBIOFactory(TLSServerOptions.of(READER_CERT.identity()), readerFactory);
        }
        IProtocolFactory sinkFactory = readerFactory;
        int readerPort = port(rt.call(() -> rt.reactor().listenTCP(0, sinkFactory, 50, "127.0.0.1")));

        CompletableFuture<SpiedLeg> clientLeg = new CompletableFuture<>();
        AtomicReference<SpiedLeg> serverLeg = new AtomicReference<>();
        IStreamClientEndpoint tcp =
                rt.call(() -> Endpoints.clientFromString(rt.reactor(), "tcp:host=127.0.0.1:port=" + readerPort));
        IStreamClientEndpoint toReader = factory -> tcp.connect(wrapping(factory, leg -> {
            SpiedLeg spied = new SpiedLeg(tls ? new TLSMemoryBIOProtocol(readerTrust(), leg) : leg);
            serverLeg.set(spied);
            clientLeg.join().feeds = spied; // the tap connects upstream after the client leg was made
            return spied;
        }));
        CaptureLog log = CaptureLog.open(dir.resolve("flow.weftcap"), false, e -> {});
        CompletableFuture<TapConnection> finished = new CompletableFuture<>();
        Tap tap = new Tap(toReader, "the stalled reader", log, finished::complete);
        IProtocolFactory front = wrapping(tap.factory(), leg -> {
            SpiedLeg spied =
                    new SpiedLeg(tls ? new TLSMemoryBIOProtocol(TLSServerOptions.of(TAP_CERT.identity()), leg) : leg);
            clientLeg.complete(spied);
            return spied;
        });
        int tapPort = port(rt.call(() -> rt.reactor().listenTCP(0, front, 50, "127.0.0.1")));

        SSLContext client = trusting(TAP_CERT);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try (Socket s = tls
                            ? client.getSocketFactory().createSocket("127.0.0.1", tapPort)
                            : new Socket("127.0.0.1", tapPort);
                    OutputStream out = s.getOutputStream()) {
                out.write(payload);
                out.flush();
                s.shutdownOutput();
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        clientLeg.get(2, TimeUnit.MINUTES).stoppedReading.get(2, TimeUnit.MINUTES);
        long receivedWhileStalled = rt.call(() -> reader.received.size());
        assertThat(receivedWhileStalled).as("the reader has read nothing").isZero();
        assertThat(written).as("the client cannot have written everything").isNotDone();
        assertThat(serverLeg.get().mostQueued()).as("bytes queued in the tap").isLessThanOrEqualTo(BOUND);

        rt.execute(reader::readAgain);
        written.get(2, TimeUnit.MINUTES);
        finished.get(2, TimeUnit.MINUTES);
        assertThat(rt.call(() -> reader.received.toByteArray())).isEqualTo(payload);
        assertThat(serverLeg.get().mostQueued())
                .as("bytes queued in the tap, over the whole run")
                .isLessThanOrEqualTo(BOUND);
        assertThat(log.close()).isNull();
    }

    @ParameterizedTest(name = "from the {0}")
    @EnumSource(Side.class)
    void aFastSenderBehindABandwidthFaultIsHeldBackOnceTheFaultHoldsTheBound(Side from) throws Exception {
        byte[] payload = new byte[8 << 20];
        new Random(13).nextBytes(payload);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<byte[]> atServer = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    if (from == Side.SERVER) {
                        s.getOutputStream().write(payload);
                    }
                    s.shutdownOutput();
                    return s.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            IStreamClientEndpoint to = rt.call(
                    () -> Endpoints.clientFromString(rt.reactor(), "tcp:host=127.0.0.1:port=" + server.getLocalPort()));
            CaptureLog log = CaptureLog.open(dir.resolve("fault.weftcap"), false, e -> {});
            CompletableFuture<TapConnection> finished = new CompletableFuture<>();
            Tap tap = new Tap(to, "the server", log, finished::complete);
            // 16 MB/s: 8 MiB pass in half a second, while loopback would hand the tap all of it at once.
            rt.execute(() -> tap.setFaults(Faults.parse("bandwidth=16000000/s"), rt.reactor()));
            int tapPort = port(rt.call(() -> rt.reactor().listenTCP(0, tap.factory(), 50, "127.0.0.1")));

            byte[] atClient;
            try (Socket s = new Socket("127.0.0.1", tapPort)) {
                CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                    try {
                        if (from == Side.CLIENT) {
                            s.getOutputStream().write(payload);
                        }
                        s.shutdownOutput();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                atClient = s.getInputStream().readAllBytes();
                written.get(2, TimeUnit.MINUTES);
            }

            assertThat(from == Side.CLIENT ? atServer.get(2, TimeUnit.MINUTES) : atClient)
                    .as("every byte, in order")
                    .isEqualTo(payload);
            assertThat(finished.get(2, TimeUnit.MINUTES).mostHeld(from))
                    .as("the most bytes the fault held: the bound and one read (64 KiB) at most")
                    .isLessThanOrEqualTo(Forwarding.HELD_BOUND + (64 << 10));
            assertThat(log.close()).isNull();
        }
    }

    private static int port(IListeningPort port) {
        return ((IPv4Address) port.getHost()).port();
    }

    private static TLSClientOptions readerTrust() {
        return TLSClientOptions.forHost("127.0.0.1")
                .withTrustRoots(TrustRoots.of(READER_CERT.identity().chain()));
    }

    private static SSLContext trusting(SelfSigned cert) throws Exception {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        X509Certificate c = cert.identity().chain().get(0);
        roots.setCertificateEntry("tap", c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static IProtocolFactory wrapping(
            IProtocolFactory factory, java.util.function.Function<IProtocol, IProtocol> wrap) {
        return new IProtocolFactory() {
            @Override
            public IProtocol buildProtocol(IAddress addr) {
                IProtocol p = factory.buildProtocol(addr);
                return p == null ? null : wrap.apply(p);
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

    /** Reads nothing until told to, then everything; closes when the client has finished. */
    static final class StalledReader extends Protocol implements dev.weft.internet.IHalfCloseableProtocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void connectionMade() {
            ((IPushProducer) transport()).pauseProducing(); // over TLS: applied once the handshake is done
        }

        void readAgain() {
            ((IPushProducer) transport()).resumeProducing();
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }

        @Override
        public void readConnectionLost() {
            transport().loseConnection();
        }

        @Override
        public void writeConnectionLost() {}

        @Override
        public void connectionLost(Failure reason) {}
    }
}
