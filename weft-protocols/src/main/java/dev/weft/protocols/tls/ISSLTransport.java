package dev.weft.protocols.tls;

import dev.weft.defer.Deferred;
import dev.weft.internet.IPushProducer;
import dev.weft.internet.ITCPTransport;
import dev.weft.internet.IWriteBuffered;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * A transport that encrypts with TLS: Twisted's {@code ISSLTransport} with {@code INegotiated} and
 * {@code ISystemHandle}; what {@link TLSMemoryBIOProtocol} gives the protocol it wraps. Before the
 * handshake the peer certificates are empty and the version, cipher and ALPN protocol null. {@link
 * #loseWriteConnection()} half-closes under TLS 1.3 only; otherwise it closes the connection. As a
 * push producer it pauses the reading of application data; the handshake and the {@code
 * close_notify} exchange still read.
 *
 * <p>Confined to the reactor thread.
 */
public interface ISSLTransport extends ITCPTransport, IPushProducer, IWriteBuffered {
    /** {@return the peer's chain, its own certificate first; empty before the handshake or if it sent none} */
    List<X509Certificate> getPeerCertificates();

    /** {@return the peer's own certificate (Twisted's {@code getPeerCertificate()}), or null} */
    @Nullable
    X509Certificate getPeerCertificate();

    /** {@return the ALPN protocol agreed, e.g. {@code "h2"}, or null before the handshake or if none} */
    @Nullable
    String negotiatedProtocol();

    /** {@return {@code "TLSv1.3"} or {@code "TLSv1.2"}, or null before the handshake} */
    @Nullable
    String tlsVersion();

    /** {@return the cipher suite, e.g. {@code "TLS_AES_128_GCM_SHA256"}, or null before the handshake} */
    @Nullable
    String cipherSuite();

    /** {@return whether the handshake has completed} */
    boolean isHandshakeDone();

    /**
     * {@return a new Deferred that fires with this transport when the handshake completes (at once if
     * it has), or fails with the connection's reason if the connection ends first}
     */
    Deferred<ISSLTransport> whenHandshakeDone();

    /**
     * {@return how many written bytes wait to be sent: plaintext not yet encrypted (all of it before the handshake),
     * plus ciphertext not yet handed to the transport beneath, plus what that transport still holds if it can tell
     * (the reactor's does)} Both kinds count as bytes: TLS adds some 20 to 30 bytes per record of up to 16 KiB.
     */
    @Override
    long bufferedBytes();

    /** {@return the engine (Twisted's {@code getHandle()}); changing its state breaks the connection} */
    SSLEngine getHandle();
}
