package dev.weft.protocols.tls.readme;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internet.ITLSTransport;
import dev.weft.internet.Protocol;
import dev.weft.internet.testing.IOPump;
import dev.weft.internet.testing.TestCertificate;
import dev.weft.internet.testing.TestCertificates;
import dev.weft.protocols.readme.ReadmeBlocks;
import dev.weft.protocols.tls.ISSLTransport;
import dev.weft.protocols.tls.KeyAndChain;
import dev.weft.protocols.tls.TLSClientOptions;
import dev.weft.protocols.tls.TLSServerOptions;
import dev.weft.protocols.tls.TrustRoots;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The startTLS example of weft-protocols/README.md, run; the second test keeps the two in step. */
final class StartTlsReadmeTest {
    /** Echoes under TLS once the client asked for it in plaintext (one line per read, for brevity). */
    static final class StartTlsEcho extends Protocol {
        private final TLSServerOptions options;
        private @Nullable ISSLTransport tls; // org.jspecify.annotations.Nullable: null until startTLS

        StartTlsEcho(TLSServerOptions options) {
            this.options = options;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (tls != null) {
                transport().write(data); // the same transport, now encrypting
            } else if (new String(data, US_ASCII).equals("STARTTLS\r\n")) {
                transport().write("READY\r\n".getBytes(US_ASCII)); // plaintext: leaves before any TLS byte
                tls = ((ITLSTransport) transport()).startTLS(options); // this end is the TLS server
            }
        }
    }

    /** Asks for TLS, switches on the answer, then says hello under TLS. */
    static final class StartTlsClient extends Protocol {
        private final TLSClientOptions options;
        final StringBuilder received = new StringBuilder();

        @Nullable
        ISSLTransport tls;

        StartTlsClient(TLSClientOptions options) {
            this.options = options;
        }

        @Override
        public void connectionMade() {
            transport().write("STARTTLS\r\n".getBytes(US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            if (tls == null && new String(data, US_ASCII).equals("READY\r\n")) {
                tls = ((ITLSTransport) transport()).startTLS(options);
                transport().write("hello".getBytes(US_ASCII)); // queued until the handshake is done
            } else {
                received.append(new String(data, US_ASCII));
            }
        }
    }

    @Test
    void startTlsInMemory() {
        TestCertificates ca = TestCertificates.create();
        TestCertificate cert = ca.server("example.test");
        TLSServerOptions serverOptions = TLSServerOptions.of(new KeyAndChain(cert.key(), cert.chain()));
        TLSClientOptions clientOptions =
                TLSClientOptions.forHost("example.test").withTrustRoots(TrustRoots.of(ca.caCertificate()));

        StartTlsClient client = new StartTlsClient(clientOptions);
        IOPump.connectedServerAndClient(() -> new StartTlsEcho(serverOptions), () -> client);
        assertThat(client.received.toString()).isEqualTo("hello"); // echoed under TLS
        assertThat(client.tls.tlsVersion()).isEqualTo("TLSv1.3");
        assertThat(client.tls.getPeerCertificate()).isEqualTo(cert.certificate());
    }

    @Test
    void everyJavaBlockOfTheStartTlsSectionIsCodeOfThisTest() throws IOException {
        ReadmeBlocks.assertEveryJavaBlockIsIn(
                Path.of("README.md"),
                "\n### startTLS",
                "\n##",
                Path.of("src/test/java/dev/weft/protocols/tls/readme/StartTlsReadmeTest.java"));
    }
}
