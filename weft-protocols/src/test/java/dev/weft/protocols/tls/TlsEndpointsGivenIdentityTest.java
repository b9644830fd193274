package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overloads that take a key and chain (not files) for {@code ssl:}, and adjust {@code tls:} options. */
class TlsEndpointsGivenIdentityTest {
    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void anSslStringWithoutFilesServesTheGivenIdentityAndTheAdjusterPinsIt() throws Exception {
        IListeningPort port = rt.await(
                () -> TlsEndpoints.serverFromString(rt.reactor(), "ssl:0", "127.0.0.1", 16, Tls.identity(Tls.UNTRUSTED))
                        .listen(ServerFactory.forProtocol(TlsEndpointsTest.Echo::new)));
        int number = ((IPv4Address) port.getHost()).port();
        String pin = TrustRoots.sha256Fingerprint(Tls.UNTRUSTED.chain().get(0));
        TlsEndpointsTest.Client client = new TlsEndpointsTest.Client();
        rt.await(() -> TlsEndpoints.clientFromString(
                        rt.reactor(),
                        "tls:host=127.0.0.1:port=" + number,
                        options -> options.withTrustRoots(TrustRoots.pinned(pin))
                                .withoutHostnameVerification()
                                .withProtocols("TLSv1.2"))
                .connect(ServerFactory.forProtocol(() -> client)));
        assertThat(client.result.get(1, TimeUnit.MINUTES)).isEqualTo("ping ConnectionDone TLSv1.2");
    }

    @Test
    void aGivenIdentityAndFilesInTheStringAreRefusedTogether() throws Exception {
        List<Path> files = Tls.SERVER.writePem(dir, "server");
        for (String part : List.of(":privateKey=" + files.get(0), ":certKey=" + files.get(1), ":extraCertChain=x")) {
            assertThatThrownBy(() -> TlsEndpoints.serverFromString(
                            rt.reactor(), "ssl:0" + part, "127.0.0.1", 16, Tls.identity(Tls.SERVER)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ssl:0" + part)
                    .hasMessageContaining("leave out privateKey=, certKey= and extraCertChain=");
        }
        assertThat(Files.exists(files.get(0))).isTrue();
    }

    @Test
    void otherTypesGoToTheCoreParserWithTheDefaultInterface() {
        IListeningPort port = rt.await(() -> TlsEndpoints.serverFromString(rt.reactor(), "tcp:0", "127.0.0.1", 16, null)
                .listen(ServerFactory.forProtocol(TlsEndpointsTest.Echo::new)));
        assertThat(((IPv4Address) port.getHost()).host()).isEqualTo("127.0.0.1");
    }
}
