package dev.weft.protocols.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionLost;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IProtocol;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.Protocol;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.endpoints.Endpoints;
import dev.weft.internet.nio.ReactorThread;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssl:} and {@code tls:} strings over real loopback TCP, and their errors. */
class TlsEndpointsTest {
    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    private Path key;
    private Path cert;
    private Path ca;

    @BeforeEach
    void files() throws Exception {
        List<Path> files = Tls.SERVER.writePem(dir, "server");
        key = files.get(0);
        cert = files.get(1);
        ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Echoes one line back and closes. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
            transport().loseConnection();
        }
    }

    static final class Client extends Protocol {
        final CompletableFuture<String> result = new CompletableFuture<>();
        final StringBuilder got = new StringBuilder();

        @Override
        public void connectionMade() {
            transport().write("ping".getBytes(US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            got.append(new String(data, US_ASCII));
        }

        @Override
        public void connectionLost(Failure reason) {
            result.complete(
                    got + " " + reason.type().getSimpleName() + " " + ((ISSLTransport) transport()).tlsVersion());
        }
    }

    private int listen(String description) {
        IListeningPort port = rt.await(() -> TlsEndpoints.serverFromString(rt.reactor(), description, "127.0.0.1")
                .listen(ServerFactory.forProtocol(Echo::new)));
        return ((IPv4Address) port.getHost()).port();
    }

    @Test
    void anSslServerAndATlsClientVerifyingAnIpSanExchangeDataAndCloseCleanly() throws Exception {
        int port = listen("ssl:0:privateKey=" + key + ":certKey=" + cert);
        Client client = new Client();
        IProtocol connected = rt.await(() -> TlsEndpoints.clientFromString(
                        rt.reactor(), "tls:host=127.0.0.1:port=" + port + ":trustRoots=" + ca)
                .connect(ServerFactory.forProtocol(() -> client)));
        assertThat(connected).isSameAs(client); // the wrapped protocol, at TCP connect
        assertThat(client.result.get(1, TimeUnit.MINUTES)).isEqualTo("ping ConnectionDone TLSv1.3");
    }

    @Test
    void aNestedEndpointConnectsWhileHostNamesTheCertificateAndSni() throws Exception {
        Path both = Files.writeString(dir.resolve("both.pem"), Tls.SERVER.chainPem() + Tls.SERVER.keyPem());
        int port = listen("ssl:0:privateKey=" + both);
        Client client = new Client();
        rt.await(() -> TlsEndpoints.clientFromString(
                        rt.reactor(),
                        "tls:example.test:" + port + ":trustRoots=" + dir + ":endpoint=tcp\\:127.0.0.1\\:" + port)
                .connect(ServerFactory.forProtocol(() -> client)));
        assertThat(client.result.get(1, TimeUnit.MINUTES)).isEqualTo("ping ConnectionDone TLSv1.3");
    }

    @Test
    void aTlsClientRefusesAServerItDoesNotTrustWithANamedReason() throws Exception {
        int port = listen("ssl:0:privateKey=" + key + ":certKey=" + cert);
        Path otherCa = Files.writeString(dir.resolve("other-ca.pem"), Tls.OTHER_CA.caPem());
        CompletableFuture<Failure> lost = new CompletableFuture<>();
        Protocol client = new Protocol() {
            @Override
            public void connectionLost(Failure reason) {
                lost.complete(reason);
            }
        };
        rt.await(() -> TlsEndpoints.clientFromString(
                        rt.reactor(), "tls:host=127.0.0.1:port=" + port + ":trustRoots=" + otherCa)
                .connect(ServerFactory.forProtocol(() -> client)));
        Failure reason = lost.get(1, TimeUnit.MINUTES);
        assertThat(reason.value()).isInstanceOf(TLSError.class);
        assertThat(((TLSError) reason.value()).kind()).isEqualTo(TLSErrorKind.UNTRUSTED_CERTIFICATE);
    }

    /** Completes {@link #lost} with its reason; says nothing. */
    static final class Silent extends Protocol {
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }

    @Test
    void anSslServersHandshakeTimeoutAbortsAClientThatSendsNothing() throws Exception {
        Silent server = new Silent();
        IListeningPort listening = rt.await(() -> TlsEndpoints.serverFromString(
                        rt.reactor(),
                        "ssl:0:privateKey=" + key + ":certKey=" + cert + ":handshakeTimeout=0.2",
                        "127.0.0.1")
                .listen(ServerFactory.forProtocol(() -> server)));
        try (Socket socket = new Socket("127.0.0.1", ((IPv4Address) listening.getHost()).port())) {
            socket.setSoTimeout(60_000); // a bound for a broken build, not a wait: the abort comes after 0.2 s
            try {
                assertThat(socket.getInputStream().read())
                        .as("the server closed")
                        .isEqualTo(-1);
            } catch (SocketException reset) {
                // the abort resets the connection: closed too
            }
            TLSError e = (TLSError) server.lost.get(1, TimeUnit.MINUTES).value();
            assertThat(e.kind()).isEqualTo(TLSErrorKind.HANDSHAKE_TIMEOUT);
            assertThat(e.getMessage()).contains("after 200 ms");
        }
    }

    @Test
    void aTlsClientsHandshakeTimeoutAbortsAServerThatNeverAnswers() throws Exception {
        Silent server = new Silent();
        IListeningPort plain = rt.await(() -> Endpoints.serverFromString(rt.reactor(), "tcp:0:interface=127.0.0.1")
                .listen(ServerFactory.forProtocol(() -> server)));
        int port = ((IPv4Address) plain.getHost()).port();
        Silent client = new Silent();
        rt.await(() -> TlsEndpoints.clientFromString(
                        rt.reactor(), "tls:host=127.0.0.1:port=" + port + ":trustRoots=" + ca + ":handshakeTimeout=0.2")
                .connect(ServerFactory.forProtocol(() -> client)));
        TLSError e = (TLSError) client.lost.get(1, TimeUnit.MINUTES).value();
        assertThat(e.kind()).isEqualTo(TLSErrorKind.HANDSHAKE_TIMEOUT);
        assertThat(e.getMessage()).contains("after 200 ms");
        assertThat(server.lost.get(1, TimeUnit.MINUTES).value()).isInstanceOf(ConnectionLost.class);
    }

    @Test
    void otherTypesAreParsedByTheCoreEndpoints() {
        int port = listen("tcp:0");
        assertThat(port).isPositive();
    }

    @Test
    void errorsNameTheStringAndThePart() {
        assertThatThrownBy(() -> TlsEndpoints.serverFromString(rt.reactor(), "ssl:privateKey=" + key, ""))
                .hasMessageContaining("has no port");
        assertThatThrownBy(() -> TlsEndpoints.serverFromString(rt.reactor(), "ssl:0:privateKey=" + key + ":x=1", ""))
                .hasMessageContaining("unknown argument \"x\"");
        assertThatThrownBy(
                        () -> TlsEndpoints.serverFromString(rt.reactor(), "ssl:0:privateKey=" + dir + "/nope.pem", ""))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.pem");
        assertThatThrownBy(() -> TlsEndpoints.serverFromString(rt.reactor(), "ssl:0:privateKey=" + cert, ""))
                .hasMessageContaining("privateKey")
                .hasMessageContaining("holds no PEM private key");
        assertThatThrownBy(() -> TlsEndpoints.clientFromString(rt.reactor(), "tls:host=example.test"))
                .hasMessageContaining("has no port");
        assertThatThrownBy(() ->
                        TlsEndpoints.clientFromString(rt.reactor(), "tls:host=h:port=1:trustRoots=" + dir + "/none"))
                .hasMessageContaining("none");
        assertThatThrownBy(() -> TlsEndpoints.clientFromString(rt.reactor(), "tls:host=h:port=1:sslmethod=x"))
                .hasMessageContaining("unknown argument \"sslmethod\"");
    }
}
