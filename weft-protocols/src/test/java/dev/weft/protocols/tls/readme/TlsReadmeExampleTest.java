package dev.weft.protocols.tls.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.NioReactor;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.AccumulatingProtocol;
import dev.weft.internet.testing.ConnectedPair;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import dev.weft.protocols.tls.KeyAndChain;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSError;
import dev.weft.protocols.tls.TLSErrorKind;
import dev.weft.protocols.tls.TLSMemoryBIOProtocol;
import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TlsEndpoints;
import dev.weft.protocols.tls.TrustRoots;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of the README's TLS section, run. {@link TlsReadmeCheckTest} keeps the two in step. */
final class TlsReadmeExampleTest {
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    @Test
    void inMemoryHandshake() {
        TestCertificates ca = TestCertificates.create(); // a throwaway CA (needs bcpkix in test scope)
        TestCertificate cert = ca.server("example.test");
        TLSServerOptions serverOptions = TLSServerOptions.of(new KeyAndChain(cert.key(), cert.chain()));
        TLSClientOptions clientOptions =
                TLSClientOptions.forHost("example.test").withTrustRoots(TrustRoots.of(ca.caCertificate()));

        AccumulatingProtocol server = new AccumulatingProtocol();
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                transport().write("hello over TLS".getBytes(US_ASCII)); // queued until the handshake is done
            }
        };
        ConnectedPair<TLSMemoryBIOProtocol, TLSMemoryBIOProtocol> pair = IOPump.connectedServerAndClient(
                () -> new TLSMemoryBIOProtocol(serverOptions, server),
                () -> new TLSMemoryBIOProtocol(clientOptions, client));
        // connectedServerAndClient flushed the pump: the handshake ran, then the data moved
        assertThat(new String(server.data(), US_ASCII)).isEqualTo("hello over TLS");
        assertThat(pair.client().tlsVersion()).isEqualTo("TLSv1.3");
        assertThat(pair.client().getPeerCertificate()).isEqualTo(cert.certificate());

        List<Failure> reasons = new ArrayList<>();
        Protocol wrongHost = new Protocol() {
            @Override
            public void connectionLost(Failure reason) {
                reasons.add(reason);
            }
        };
        TLSClientOptions otherName =
                TLSClientOptions.forHost("other.test").withTrustRoots(TrustRoots.of(ca.caCertificate()));
        IOPump.connectedServerAndClient(
                () -> new TLSMemoryBIOProtocol(serverOptions, new AccumulatingProtocol()),
                () -> new TLSMemoryBIOProtocol(otherName, wrongHost));
        TLSError error = (TLSError) reasons.get(0).value();
        assertThat(error.kind()).isEqualTo(TLSErrorKind.HOSTNAME_MISMATCH);
        // "TLS failed: the peer's certificate does not match the host name; connect with the name ..."
    }

    @Test
    void realSslServer(@TempDir Path dir) throws Exception {
        TestCertificate cert = TestCertificates.selfSigned("localhost", "127.0.0.1");
        List<Path> pem = cert.writePem(dir, "server"); // server.key.pem, server.pem
        try (ReactorThread rt = ReactorThread.start()) {
            NioReactor reactor = rt.reactor();
            IListeningPort port = rt.await(() -> TlsEndpoints.serverFromString(
                            reactor, "ssl:0:privateKey=" + pem.get(0) + ":certKey=" + pem.get(1), "127.0.0.1")
                    .listen(ServerFactory.forProtocol(Echo::new)));
            int number = ((IPv4Address) port.getHost()).port();

            // Any TLS client will do; here the JDK's own, trusting the self-signed certificate.
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(cert.pkcs12(new char[0]));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            try (Socket raw = new Socket("127.0.0.1", number);
                    SSLSocket tls =
                            (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", number, true)) {
                tls.getOutputStream().write("ping".getBytes(US_ASCII));
                assertThat(new String(tls.getInputStream().readNBytes(4), US_ASCII))
                        .isEqualTo("ping");
            }
            rt.await(port::stopListening);
        }
    }
}
