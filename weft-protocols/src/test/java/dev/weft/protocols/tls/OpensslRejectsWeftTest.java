package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.IListeningPort;
import dev.weft.internet.IPv4Address;
import dev.weft.internet.ServerFactory;
import dev.weft.internet.nio.ReactorThread;
import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code openssl s_client -verify_return_error} refuses a weft server's certificate: the server names
 * OpenSSL's alert (under TLS 1.3 an unencrypted record the JDK cannot read), not a corrupt record. Its
 * {@code decrypt_error} comes for a certificate that names the trusted CA but was signed by another
 * ({@code samename}) and for a handshake signed with a key that is not the certificate's ({@code
 * wrongkey}: the test's own engine, as weft's options refuse such a pair).
 */
@Tag("twisted")
final class OpensslRejectsWeftTest {
    /** Signed by no CA OpenSSL knows. (Tls.UNTRUSTED's CA has the trusted one's name: OpenSSL checks its signature.) */
    private static final TestCertificate SELF_SIGNED = TestCertificates.selfSigned("example.test");

    private final ReactorThread rt = ReactorThread.start();

    @TempDir
    static Path dir;

    @BeforeAll
    static void requireOpenssl() throws Exception {
        PeerProcess.requireOpenssl();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** A Peer that reports its loss. */
    static final class Ending extends Peer {
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void connectionLost(Failure r) {
            super.connectionLost(r);
            lost.complete(r);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "TLSv1.3, untrusted, UNTRUSTED_CERTIFICATE, unknown_ca",
        "TLSv1.3, expired, EXPIRED_CERTIFICATE, certificate_expired",
        "TLSv1.2, untrusted, UNTRUSTED_CERTIFICATE, unknown_ca",
        "TLSv1.2, expired, EXPIRED_CERTIFICATE, certificate_expired",
        "TLSv1.3, samename, BAD_SIGNATURE, decrypt_error",
        "TLSv1.2, samename, BAD_SIGNATURE, decrypt_error",
        "TLSv1.3, wrongkey, BAD_SIGNATURE, decrypt_error",
        "TLSv1.2, wrongkey, BAD_SIGNATURE, decrypt_error"
    })
    void theServerNamesWhyOpensslRefusedItsCertificate(String version, String why, TLSErrorKind kind, String alert)
            throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), Tls.CA.caPem());
        Path nothing = Files.writeString(dir.resolve("empty.txt"), "");
        TLSConnectionCreator options = switch (why) {
            case "expired" -> TLSServerOptions.of(Tls.identity(Tls.EXPIRED)).withProtocols(version);
            case "samename" -> TLSServerOptions.of(Tls.identity(Tls.UNTRUSTED)).withProtocols(version);
            case "wrongkey" -> TLSDecryptErrorTest.mismatched(false, Tls.SERVER, Tls.CLIENT, version);
            default -> TLSServerOptions.of(Tls.identity(SELF_SIGNED)).withProtocols(version);
        };
        Ending server = new Ending();
        IListeningPort port = rt.call(() -> rt.reactor()
                .listenTCP(
                        0, new TLSMemoryBIOFactory(options, ServerFactory.forProtocol(() -> server)), 50, "127.0.0.1"));
        int number = ((IPv4Address) port.getHost()).port();
        try (PeerProcess openssl = PeerProcess.command(
                List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + number,
                        "-CAfile",
                        ca.toString(),
                        "-servername",
                        "example.test",
                        "-verify_return_error",
                        version.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2",
                        "-quiet"),
                nothing,
                dir.resolve("out-" + version + why + ".txt"))) {
            TLSError e = (TLSError) server.lost.get(1, TimeUnit.MINUTES).value();
            assertThat(openssl.waitForExit()).as("s_client failed").isNotZero();
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.fromPeer()).isTrue();
            assertThat(e.getMessage()).contains(alert).doesNotContain("corrupt");
        } finally {
            rt.call(() -> port.stopListening());
        }
    }
}
