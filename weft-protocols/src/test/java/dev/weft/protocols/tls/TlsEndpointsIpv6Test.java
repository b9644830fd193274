package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.Addresses;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv6Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls:} strings naming an IPv6 host in brackets, as a listener's "connect with" hint prints them. */
class TlsEndpointsIpv6Test {
    private static final TestCertificate V6_SERVER = Tls.CA.server("localhost", "::1");

    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        rt.close();
    }

    /** Listens with {@code ssl:0:interface=[::1]} and returns the client string the CLI prints for it. */
    private String listenAndHint() throws Exception {
        List<Path> files = V6_SERVER.writePem(dir, "v6");
        IListeningPort port = rt.await(() -> TlsEndpoints.serverFromString(
                        rt.reactor(),
                        "ssl:0:privateKey=" + files.get(0) + ":certKey=" + files.get(1) + ":interface=[::1]",
                        "127.0.0.1")
                .listen(ServerFactory.forProtocol(TlsEndpointsTest.Echo::new)));
        int number = ((IPv6Address) port.getHost()).port();
        String hint = Addresses.clientEndpoint(port.getHost()).replaceFirst("^tcp:", "tls:");
        assertThat(hint).isEqualTo("tls:host=[::1]:port=" + number);
        return hint;
    }

    private String exchange(String client) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
        TlsEndpointsTest.Client protocol = new TlsEndpointsTest.Client();
        rt.await(() -> TlsEndpoints.clientFromString(rt.reactor(), client + ":trustRoots=" + ca)
                .connect(ServerFactory.forProtocol(() -> protocol)));
        return protocol.result.get(1, TimeUnit.MINUTES);
    }

    @Test
    void theHintOfAnIpv6ListenerConnectsVerbatimAndVerifiesTheAddressInTheCertificate() throws Exception {
        assertThat(exchange(listenAndHint())).isEqualTo("ping ConnectionDone TLSv1.3");
    }

    @Test
    void aBracketedBindAddressIsTakenAsAnAddress() throws Exception {
        assertThat(exchange(listenAndHint() + ":bindAddress=[::1]")).isEqualTo("ping ConnectionDone TLSv1.3");
    }

    @Test
    void theEscapedSpellingOfTwistedStillWorks() throws Exception {
        String hint = listenAndHint();
        String escaped = hint.replace("[::1]", "\\:\\:1");
        assertThat(exchange(escaped)).isEqualTo("ping ConnectionDone TLSv1.3");
    }
}
