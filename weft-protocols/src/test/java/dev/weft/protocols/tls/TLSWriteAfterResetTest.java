package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Deferred;
import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TLS client whose write finds the peer's reset still gets the plaintext the peer sent before it,
 * then {@code connectionLost} with {@link ConnectionLost}: the socket beneath reads the records left
 * in the kernel into the TLS layer before the loss. The peer is a JDK TLS server over a plain socket
 * that it resets ({@code SO_LINGER 0}, no {@code close_notify}); the client pauses its reading from
 * {@code connectionMade}, which stops the socket once the handshake is done, so none of the records
 * is read before the write.
 */
class TLSWriteAfterResetTest {
    /** Under the receive window a loopback socket starts with, records and all. */
    private static final int SIZE = 40_000;

    private static final byte[] SENT = payload();
    private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final ReactorThread rt = ReactorThread.start();

    TLSWriteAfterResetTest() throws IOException {}

    @AfterEach
    void stop() throws IOException {
        rt.close();
        server.close();
    }

    private static byte[] payload() {
        byte[] b = new byte[SIZE];
        new Random(18).nextBytes(b);
        return b;
    }

    @Test
    void aPausedTlsClientGetsThePlaintextSentBeforeTheResetItsWriteFinds() throws Exception {
        Client client = connectToAResettingTlsPeer();

        Failure reason = writeAndAwaitLost(client, false);

        assertThat(rt.call(() -> client.received.size())).isEqualTo(SIZE);
        assertThat(Arrays.equals(rt.call(() -> client.received.toByteArray()), SENT))
                .as("byte-exact, in order")
                .isTrue();
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionLost.class);
    }

    @Test
    void aTlsClientReadingAgainWhenItsWriteFindsTheResetGetsThePlaintextSentBeforeIt() throws Exception {
        Client client = connectToAResettingTlsPeer();

        Failure reason = writeAndAwaitLost(client, true);

        assertThat(rt.call(() -> client.received.size())).isEqualTo(SIZE);
        assertThat(Arrays.equals(rt.call(() -> client.received.toByteArray()), SENT))
                .as("byte-exact, in order")
                .isTrue();
        assertThat(reason.value()).isExactlyInstanceOf(ConnectionLost.class);
    }

    /**
     * Connects a TLS client to a JDK TLS server that completes the handshake, sends {@link #SENT} and
     * resets the connection; returns once the reset was sent.
     */
    private Client connectToAResettingTlsPeer() throws IOException, GeneralSecurityException {
        Client client = new Client();
        rt.execute(() -> Endpoints.clientFromString(rt.reactor(), "tcp:127.0.0.1:" + server.getLocalPort())
                .connect(ServerFactory.forProtocol(() -> new TLSMemoryBIOProtocol(Tls.client(), client))));
        try (Socket plain = server.accept()) {
            plain.setTcpNoDelay(true); // each record goes out in its write: none is held back for an ACK
            SSLSocket tls = (SSLSocket)
                    serverContext().getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), false);
            tls.setUseClientMode(false);
            tls.startHandshake();
            OutputStream out = tls.getOutputStream();
            out.write(SENT);
            out.flush();
            plain.setSoLinger(true, 0); // closed beneath the TLS socket: a reset, and no close_notify
        }
        assertThat(rt.call(() -> client.received.size())).as("nothing read yet").isZero();
        return client;
    }

    private static SSLContext serverContext() throws GeneralSecurityException {
        char[] password = "test".toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(Tls.SERVER.pkcs12(password), password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** Writes through TLS, after resuming first if {@code resume}, and waits for {@code connectionLost}. */
    private Failure writeAndAwaitLost(Client client, boolean resume) {
        rt.await(() -> {
            if (resume) {
                ((IPushProducer) client.transport()).resumeProducing();
            }
            client.transport().write(new byte[] {1});
            return client.lost;
        });
        return rt.call(() -> client.reason);
    }

    /** Pauses its TLS transport when made (the layer stops the socket after the handshake); keeps what arrives. */
    static final class Client extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final Deferred<Void> lost = new Deferred<>();
        Failure reason;

        @Override
        public void connectionMade() {
            ((IPushProducer) transport()).pauseProducing();
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }

        @Override
        public void connectionLost(Failure why) {
            reason = why;
            lost.callback(null);
        }
    }
}
