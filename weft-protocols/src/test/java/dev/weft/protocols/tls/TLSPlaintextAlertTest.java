package dev.weft.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.testing.Split;
import dev.weft.internet.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that refuses the server's certificate answers the server's flight with an alert; OpenSSL
 * sends it unencrypted under TLS 1.3 ({@code 15 03 03 00 02 02 30}, fatal unknown_ca), where the JDK
 * expects an encrypted record and fails on its length. The server names the peer's complaint all the
 * same, whole or split ({@code 02 33}, decrypt_error, is what {@code openssl s_client} sends, both
 * versions, when the server's certificate names the trusted CA but another key signed it); and a record
 * header announcing 64 KiB is a bad record.
 */
class TLSPlaintextAlertTest {
    /** A server that has sent its whole first flight to a client's hello; the client is not used again. */
    private static final class AfterServerFlight {
        final Peer server = new Peer();
        final StringTransport serverIO = new StringTransport();
        final TLSMemoryBIOProtocol serverTls = new TLSMemoryBIOProtocol(Tls.server(), server);

        AfterServerFlight(String version) {
            StringTransport clientIO = new StringTransport();
            new TLSMemoryBIOProtocol(Tls.client().withProtocols(version), new Peer()).makeConnection(clientIO);
            serverTls.makeConnection(serverIO);
            serverTls.dataReceived(clientIO.value());
            assertThat(serverIO.value()).as("the server's flight").hasSizeGreaterThan(100);
            assertThat(serverIO.isDisconnecting()).isFalse();
        }

        /** Delivers {@code bytes} as {@code split} says; returns what the wrapped protocol is told when the transport closes. */
        TLSError deliver(byte[] bytes, Split split) {
            split.deliver(bytes, serverTls);
            assertThat(serverIO.isDisconnecting())
                    .as(split + ": TLS closed the transport")
                    .isTrue();
            serverTls.connectionLost(new Failure(new ConnectionDone()));
            assertThat(server.reason).as(split.toString()).isNotNull();
            return (TLSError) server.reason.value();
        }
    }

    private static List<Split> everySplit(int length) {
        List<Split> splits = new ArrayList<>(List.of(Split.whole(), Split.oneByteAtATime()));
        for (int at = 1; at < length; at++) {
            splits.add(Split.at(at));
        }
        return splits;
    }

    @ParameterizedTest
    @CsvSource({
        "TLSv1.3, 48, UNTRUSTED_CERTIFICATE, unknown_ca",
        "TLSv1.3, 45, EXPIRED_CERTIFICATE, certificate_expired",
        "TLSv1.3, 42, CERTIFICATE_REJECTED, bad_certificate",
        "TLSv1.3, 46, CERTIFICATE_REJECTED, certificate_unknown",
        "TLSv1.2, 48, UNTRUSTED_CERTIFICATE, unknown_ca",
        "TLSv1.2, 45, EXPIRED_CERTIFICATE, certificate_expired",
        "TLSv1.3, 51, BAD_SIGNATURE, decrypt_error",
        "TLSv1.2, 51, BAD_SIGNATURE, decrypt_error"
    })
    void anUnencryptedAlertAnsweringTheServersFlightIsNamedInEverySplit(
            String version, int description, TLSErrorKind kind, String name) {
        byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) description};
        for (Split split : everySplit(alert.length)) {
            TLSError e = new AfterServerFlight(version).deliver(alert, split);
            assertThat(e.kind()).as(split + ": " + e.getMessage()).isEqualTo(kind);
            assertThat(e.fromPeer()).isTrue();
            assertThat(e.getMessage()).as(split.toString()).contains(name);
            if (kind == TLSErrorKind.BAD_SIGNATURE) {
                assertThat(e.getMessage())
                        .contains("it could not verify this end's handshake (decrypt_error)")
                        .contains("check that this end's private key belongs to its certificate")
                        .contains("not another with the same name");
            }
            if (kind == TLSErrorKind.UNTRUSTED_CERTIFICATE) {
                assertThat(e.getMessage()).contains("(unknown CA)").contains("make the peer trust the CA");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aRecordHeaderAnnouncingSixtyFourKibibytesIsABadRecordInEverySplit(String version) {
        byte[] big = new byte[105];
        System.arraycopy(new byte[] {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff}, 0, big, 0, 5);
        for (Split split : everySplit(8)) {
            TLSError e = new AfterServerFlight(version).deliver(big, split);
            assertThat(e.kind()).as(split + ": " + e.getMessage()).isEqualTo(TLSErrorKind.BAD_RECORD);
            assertThat(e.fromPeer()).isFalse();
            assertThat(e.getMessage()).contains("corrupt or malformed");
        }
    }

    /**
     * Where Twisted (OpenSSL) closes without a word, the JDK engine answers a peer that does not speak
     * TLS with a fatal internal_error alert before weft closes (DEVIATIONS.md).
     */
    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\u0055 random garbage \u0001\u0002\u00ff"})
    void aPeerThatDoesNotSpeakTlsGetsAnInternalErrorAlertBeforeTheClose(String input) {
        StringTransport serverIO = new StringTransport();
        Peer server = new Peer();
        TLSMemoryBIOProtocol serverTls = new TLSMemoryBIOProtocol(Tls.server(), server);
        serverTls.makeConnection(serverIO);
        serverTls.dataReceived(input.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(serverIO.isDisconnecting()).isTrue();
        assertThat(serverIO.value()).containsExactly(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 80);
    }
}
