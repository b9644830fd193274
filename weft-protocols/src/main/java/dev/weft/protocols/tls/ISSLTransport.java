package dev.weft.protocols.tls;

import dev.weft.defer.Deferred;
import dev.weft.internet.ITCPTransport;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * A transport that encrypts with TLS: Twisted's {@code ISSLTransport} with {@code INegotiated} and
 * {@code ISystemHandle}. The transport a protocol wrapped by {@link TLSMemoryBIOProtocol} is given.
 *
 * <p>Before the handshake has completed, the peer certificates are empty and the version, cipher
 * and ALPN protocol are null. {@link #loseWriteConnection()} is a TLS 1.3 half-close (a {@code
 * close_notify}, then a TCP half-close); on TLS 1.2, or before the handshake, it closes the whole
 * connection.
 *
 * <p>Confined to the reactor thread.
 */
public interface ISSLTransport extends ITCPTransport {
    /**
     * Returns the peer's certificate chain, the peer's own certificate first.
     *
     * @return the chain, or an empty list before the handshake or when the peer sent none (a client
     *     the server did not ask for one)
     */
    List<X509Certificate> getPeerCertificates();

    /**
     * Returns the peer's own certificate: Twisted's {@code getPeerCertificate()}.
     *
     * @return the first certificate of {@link #getPeerCertificates()}, or null if there is none
     */
    @Nullable
    X509Certificate getPeerCertificate();

    /**
     * Returns the application protocol agreed through ALPN: Twisted's {@code negotiatedProtocol}.
     *
     * @return e.g. {@code "h2"}, or null before the handshake or when none was agreed
     */
    @Nullable
    String negotiatedProtocol();

    /**
     * Returns the TLS version in use.
     *
     * @return {@code "TLSv1.3"} or {@code "TLSv1.2"}, or null before the handshake
     */
    @Nullable
    String tlsVersion();

    /**
     * Returns the cipher suite in use.
     *
     * @return e.g. {@code "TLS_AES_128_GCM_SHA256"}, or null before the handshake
     */
    @Nullable
    String cipherSuite();

    /**
     * Tells whether the handshake has completed.
     *
     * @return {@code true} once it has
     */
    boolean isHandshakeDone();

    /**
     * Returns a new Deferred that fires with this transport when the handshake completes (at once if
     * it already has), or fails with the connection's reason if the connection ends first. Each call
     * returns a different Deferred.
     *
     * @return the Deferred
     */
    Deferred<ISSLTransport> whenHandshakeDone();

    /**
     * Returns the engine that runs this connection's TLS: Twisted's {@code getHandle()}. Changing its
     * state behind the transport's back breaks the connection.
     *
     * @return the engine
     */
    SSLEngine getHandle();
}
