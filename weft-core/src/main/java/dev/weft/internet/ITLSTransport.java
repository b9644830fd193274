package dev.weft.internet;

/**
 * A TCP transport that can switch to TLS in the middle of a connection: Twisted's {@code
 * ITLSTransport.startTLS}, for protocols such as SMTP, IMAP or XMPP that agree in plaintext to
 * start TLS (STARTTLS).
 *
 * <pre>{@code
 * // in a protocol, after the plaintext "STARTTLS" exchange:
 * ISSLTransport tls = ((ITLSTransport) transport()).startTLS(serverOptions);
 * tls.whenHandshakeDone().addCallback(t -> ...);
 * }</pre>
 *
 * <p>What {@link #startTLS} guarantees, as in Twisted: bytes written before it (even those still in
 * the write buffer) go out in clear and bytes written after it are encrypted; bytes received before
 * it reached the protocol in clear; the protocol is not connected again (no second {@code
 * connectionMade}) and keeps writing through the same transport object, whose {@code write}, {@code
 * loseConnection}, producer registration and so on now go through the TLS layer, while {@code
 * getPeer}/{@code getHost} are unchanged; a producer registered before is moved under the TLS layer
 * and keeps working. The TLS facts (peer certificate, cipher, handshake Deferred) are on the
 * returned transport: Java cannot add an interface to an object, so the transport itself does not
 * become an {@code ISSLTransport} as Twisted's does. Bytes that arrive in the same read as the one in which the
 * protocol calls {@code startTLS}, after that point, stay with the protocol, as in Twisted: a
 * STARTTLS protocol makes the TLS client wait for the go-ahead, so the other end sends none.
 *
 * <p>Confined to the reactor thread.
 */
public interface ITLSTransport extends ITCPTransport {
    /**
     * Starts TLS under the connected protocol: the layer {@code tls} makes is put between this
     * transport and its protocol, receives the bytes that arrive from now on, and writes its own
     * bytes past itself, straight to the connection.
     *
     * @param <T> the kind of transport the layer shows the protocol
     * @param tls makes the layer: weft-protocols' {@code TLSServerOptions} or {@code
     *     TLSClientOptions}; their kind decides whether this end is the TLS server or client
     * @return the transport the protocol's writes now go through, e.g. an {@code ISSLTransport}
     * @throws IllegalStateException if TLS was already started on this transport, or if the
     *     connection is closing or closed
     */
    <T extends ITCPTransport> T startTLS(ITLSStarter<T> tls);
}
