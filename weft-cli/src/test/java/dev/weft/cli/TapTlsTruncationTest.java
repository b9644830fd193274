package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IProtocolFactory;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.endpoints.IStreamClientEndpoint;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.Faults;
import dev.weft.internet.testing.capture.CaptureRecord;
import dev.weft.internet.testing.capture.CloseRecord;
import dev.weft.internet.testing.capture.DataRecord;
import dev.weft.internet.testing.capture.Side;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSMemoryBIOFactory;
import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TLS leg of the tap whose peer closes the TCP connection without a close_notify (a truncation), on a real reactor:
 * every byte that peer sent still reaches the other peer, then the reset, and the capture records them in that order.
 * Before, the tap reset the other leg at once, dropping the bytes it held for it: a client's bytes waiting for the
 * server leg to connect (the connect was even cancelled), or a server's bytes a fault held on their way.
 */
class TapTlsTruncationTest {
    private static final SelfSigned TAP_CERT = SelfSigned.make(List.of("127.0.0.1"));
    private static final SelfSigned SERVER_CERT = SelfSigned.make(List.of("127.0.0.1"));

    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        rt.close();
    }

    /**
     * An {@code ssl:} tap: the client sends 40 KB and truncates while the tap is still connecting to a plain server.
     * The tap holds the bytes for the server leg; once it is up they are written to it, then it is reset.
     */
    @RepeatedTest(3)
    void aClientThatTruncatesWhileTheTapConnectsHasItsBytesForwardedThenTheServerLegReset() throws Exception {
        byte[] request = Clients.randomBytes(40_000, 7);
        try (ServerSocket backend = new ServerSocket()) {
            backend.bind(new InetSocketAddress("127.0.0.1", 0));
            backend.setSoTimeout(60_000);
            CompletableFuture<String> atBackend = CompletableFuture.supplyAsync(() -> {
                try (Socket s = backend.accept()) {
                    return readUntilTheEnd(s.getInputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            IStreamClientEndpoint tcp = rt.call(() ->
                    Endpoints.clientFromString(rt.reactor(), "tcp:host=127.0.0.1:port=" + backend.getLocalPort()));
            // The connect waits until the client has truncated and the tap has closed the client leg.
            CompletableFuture<Runnable> connect = new CompletableFuture<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            IStreamClientEndpoint toBackend = factory -> {
                Deferred<IProtocol> d = new Deferred<>(c -> cancelled.set(true));
                connect.complete(() -> tcp.connect(factory).chainDeferred(d));
                return d;
            };
            Path capture = dir.resolve("client.weftcap");
            CaptureLog log = CaptureLog.open(capture, false, e -> {});
            CompletableFuture<String> finished = new CompletableFuture<>();
            Tap tap = new Tap(toBackend, "the backend", log, c -> finished.complete(c.line()));
            TLSMemoryBIOFactory front =
                    new TLSMemoryBIOFactory(TLSServerOptions.of(TAP_CERT.identity()), tap.factory());
            IListeningPort port = rt.call(() -> rt.reactor().listenTCP(0, front, 50, "127.0.0.1"));

            try (Socket plain = new Socket("127.0.0.1", ((IPv4Address) port.getHost()).port())) {
                plain.setSoTimeout(60_000);
                SSLSocket tls = (SSLSocket)
                        trusting(TAP_CERT).getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), false);
                tls.startHandshake();
                tls.getOutputStream().write(request);
                tls.getOutputStream().flush();
                plain.shutdownOutput(); // a FIN with no close_notify before it
                plain.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the tap closes its leg
            } catch (SocketException reset) {
                // the tap's end of the client leg: either way it has taken the truncation
            }
            Runnable startConnecting = connect.get(60, TimeUnit.SECONDS);
            assertThat(rt.call(cancelled::get))
                    .as("the connect still goes on: the client's bytes are to be forwarded")
                    .isFalse();
            rt.execute(startConnecting);

            assertThat(atBackend.get(60, TimeUnit.SECONDS)).isEqualTo(request.length + " bytes, then a reset");
            assertThat(finished.get(60, TimeUnit.SECONDS))
                    .contains("c>s " + Units.bytes(request.length))
                    .contains("; client closed without TLS close_notify (a truncation attack or a careless peer),"
                            + " server reset (by tap); client TLSv1.3 ");
            assertThat(log.close()).isNull();
            assertDeliveredThenReset(TapCommandTest.records(capture), Side.CLIENT, request.length);
        }
    }

    /**
     * A {@code tls:} server answers 100 KB and truncates behind {@code s>c:latency=300}: the truncation waits behind
     * the bytes the fault holds, as a clean close does, and the client gets every one of them, then the reset; on a
     * TLS client leg too (the tap resets the socket beneath TLS once their ciphertext is sent).
     */
    @ParameterizedTest(name = "TLS client leg: {0}")
    @ValueSource(booleans = {false, true})
    void aServerThatTruncatesBehindALatencyHasItsBytesDeliveredThenTheClientLegReset(boolean tlsClient)
            throws Exception {
        byte[] reply = Clients.randomBytes(100_000, 8);
        try (ServerSocket backend = new ServerSocket()) {
            backend.bind(new InetSocketAddress("127.0.0.1", 0));
            backend.setSoTimeout(60_000);
            SSLContext serverTls = serving(SERVER_CERT);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket plain = backend.accept()) {
                    SSLSocket tls = (SSLSocket) serverTls.getSocketFactory().createSocket(plain, null, false);
                    tls.startHandshake();
                    tls.getOutputStream().write(reply);
                    tls.getOutputStream().flush();
                    plain.shutdownOutput(); // a FIN with no close_notify before it
                    readUntilTheEnd(plain.getInputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            IStreamClientEndpoint tcp = rt.call(() ->
                    Endpoints.clientFromString(rt.reactor(), "tcp:host=127.0.0.1:port=" + backend.getLocalPort()));
            TLSClientOptions trust = TLSClientOptions.forHost("127.0.0.1")
                    .withTrustRoots(TrustRoots.of(SERVER_CERT.identity().chain()));
            IStreamClientEndpoint toBackend = factory -> tcp.connect(new TLSMemoryBIOFactory(trust, factory));
            Path capture = dir.resolve("server.weftcap");
            CaptureLog log = CaptureLog.open(capture, false, e -> {});
            CompletableFuture<String> finished = new CompletableFuture<>();
            Tap tap = new Tap(toBackend, "the backend", log, c -> finished.complete(c.line()));
            rt.execute(() -> tap.setFaults(Faults.parse("s>c:latency=300"), rt.reactor()));
            IProtocolFactory front = tlsClient
                    ? new TLSMemoryBIOFactory(TLSServerOptions.of(TAP_CERT.identity()), tap.factory())
                    : tap.factory();
            IListeningPort port = rt.call(() -> rt.reactor().listenTCP(0, front, 50, "127.0.0.1"));

            String atClient;
            try (Socket plain = new Socket("127.0.0.1", ((IPv4Address) port.getHost()).port())) {
                plain.setSoTimeout(60_000);
                Socket client = tlsClient
                        ? trusting(TAP_CERT).getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), false)
                        : plain;
                atClient = readUntilTheEnd(client.getInputStream());
            }

            assertThat(atClient).isEqualTo(reply.length + " bytes, then a reset");
            served.get(60, TimeUnit.SECONDS);
            assertThat(finished.get(60, TimeUnit.SECONDS))
                    .contains("s>c " + Units.bytes(reply.length))
                    .contains("; client reset (by tap), server closed without TLS close_notify");
            assertThat(log.close()).isNull();
            assertDeliveredThenReset(TapCommandTest.records(capture), Side.SERVER, reply.length);
        }
    }

    /** Checks that the capture records {@code length} bytes from {@code from}, then the tap's reset of the other leg. */
    private static void assertDeliveredThenReset(List<CaptureRecord> records, Side from, int length) {
        assertThat(TapCommandTest.sentBy(records, from)).hasSize(length);
        int lastData = -1;
        int reset = -1;
        for (int i = 0; i < records.size(); i++) {
            CaptureRecord r = records.get(i);
            if (r instanceof DataRecord d && d.from() == from) {
                lastData = i;
            } else if (r instanceof CloseRecord c && c.side() == from.other()) {
                reset = i;
            }
        }
        assertThat(TapConnectionTestBase.outline(records.get(reset)))
                .isEqualTo("close " + TapConnectionTestBase.name(from.other()) + " aborted by tap");
        assertThat(reset).as("the reset comes after the last bytes").isGreaterThan(lastData);
    }

    /** Reads until the end; says how many bytes came and how it ended: {@code N bytes, then a reset} or {@code ...the end}. */
    private static String readUntilTheEnd(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
        } catch (IOException e) { // over TLS the JDK may wrap the reset in an SSLException
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SocketException
                        && String.valueOf(t.getMessage()).contains("reset")) {
                    return got.size() + " bytes, then a reset";
                }
            }
            throw e;
        }
        return got.size() + " bytes, then the end of stream";
    }

    private static SSLContext trusting(SelfSigned cert) throws Exception {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("tap", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static SSLContext serving(SelfSigned cert) throws Exception {
        char[] password = "changeit".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(cert.identity().toKeyStore(password), password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
