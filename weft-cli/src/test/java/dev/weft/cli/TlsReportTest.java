package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.defer.Failure;
import dev.weft.protocols.tls.TLSError;
import dev.weft.protocols.tls.TLSErrorKind;
import org.junit.jupiter.api.Test;

/**
 * A TLS 1.3 client finishes its part of the handshake before the server checks the client's certificate
 * and signature, so the server's refusal arrives after the client's handshake is done: the report still
 * calls it a failed handshake.
 */
class TlsReportTest {
    @Test
    void thePeersRefusalOfThisEndsSignatureAfterItsHandshakeIsAFailedHandshake() {
        Failure refused = new Failure(
                new TLSError(TLSErrorKind.BAD_SIGNATURE, true, "Received fatal alert: decrypt_error", null));
        assertThat(TlsReport.failure(refused, true)).startsWith("TLS handshake failed (BAD_SIGNATURE): ");
        Failure local = new Failure(new TLSError(TLSErrorKind.BAD_RECORD, false, "tag mismatch", null));
        assertThat(TlsReport.failure(local, true)).startsWith("TLS error (BAD_RECORD): ");
    }
}
