package dev.weft.protocols.tls;

import dev.weft.internet.ConnectionLost;
import org.jspecify.annotations.Nullable;

/**
 * Reports that a TLS connection failed: a handshake that could not complete (untrusted or expired
 * certificate, wrong host name, no common version or cipher), a corrupt record, or a peer that does
 * not speak TLS. The reason a wrapped protocol gets in {@code connectionLost} when TLS fails.
 *
 * <p>The message names the cause, what to do, and the JDK's own words, e.g. "TLS failed: the peer's
 * certificate is not signed by a trusted certificate authority (unknown CA); add the CA that issued
 * it to the trust roots (trustRoots=) [PKIX path building failed: ...]." {@link #kind()} tells the
 * cause to a program. It extends {@link ConnectionLost} (Twisted hands over a bare {@code
 * SSL.Error}), so code that checks for an unclean close also sees a failed TLS connection.
 *
 * <p>Immutable after construction; thread-safe.
 */
public class TLSError extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    private final TLSErrorKind kind;
    private final boolean fromPeer;

    /**
     * Creates the error.
     *
     * @param kind what went wrong
     * @param fromPeer {@code true} if the peer reported the problem (a TLS alert it sent), {@code
     *     false} if this end found it
     * @param detail the engine's own words, or null
     * @param cause the engine's exception, or null
     */
    public TLSError(TLSErrorKind kind, boolean fromPeer, @Nullable String detail, @Nullable Throwable cause) {
        super(
                fromPeer
                        ? "TLS failed: the peer reports that " + kind.peerDescription() + "; " + kind.peerHint()
                        : "TLS failed: " + kind.description() + "; " + kind.hint(),
                detail == null ? null : "[" + detail + "]",
                cause);
        this.kind = kind;
        this.fromPeer = fromPeer;
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind
     */
    public TLSErrorKind kind() {
        return kind;
    }

    /**
     * Tells whether the peer reported the problem with a TLS alert, rather than this end finding it.
     *
     * @return {@code true} for a problem the peer reported
     */
    public boolean fromPeer() {
        return fromPeer;
    }
}
