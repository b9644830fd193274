package dev.weft.internet;

/**
 * A TCP transport that can switch to TLS in the middle of a connection (STARTTLS): Twisted's {@code ITLSTransport}.
 *
 * <pre>{@code
 * // in a protocol, after the plaintext "STARTTLS" exchange:
 * ISSLTransport tls = ((ITLSTransport) transport()).startTLS(serverOptions);
 * tls.whenHandshakeDone().addCallback(t -> ...);
 * }</pre>
 *
 * <p>As in Twisted: bytes written before {@link #startTLS} (even still buffered) go out in clear, bytes after are
 * encrypted; the protocol is not connected again and keeps writing through the same transport; a registered producer
 * moves under the layer. The TLS facts are on the returned transport (see DEVIATIONS.md). Confined to the reactor
 * thread.
 */
public interface ITLSTransport extends ITCPTransport {
    /**
     * Puts the layer {@code tls} makes between this transport and its protocol.
     * @param tls e.g. {@code TLSServerOptions} or {@code TLSClientOptions}; their kind decides client or server
     * @return the transport the protocol's writes now go through, e.g. an {@code ISSLTransport}
     * @throws IllegalStateException if TLS was already started, or the connection is closing or closed
     */
    <T extends ITCPTransport> T startTLS(ITLSStarter<T> tls);
}
