package dev.weft.protocols.tls;

import dev.weft.internet.ConnectionLost;
import org.jspecify.annotations.Nullable;

/**
 * Reports that a TLS connection failed (handshake, corrupt record, a peer that does not speak TLS):
 * the reason a wrapped protocol gets in {@code connectionLost}. The message names the cause, what to
 * do, and the JDK's words; {@link #kind()} tells the cause to a program. It extends {@link
 * ConnectionLost} (Twisted hands over a bare {@code SSL.Error}), so code checking for an unclean
 * close sees it too. Thread-safe.
 */
public class TLSError extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    private final TLSErrorKind kind;
    private final boolean fromPeer;

    /**
     * Creates the error.
     *
     * @param kind what went wrong
     * @param fromPeer {@code true} if the peer reported it with an alert, {@code false} if this end found it
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

    /** {@return what went wrong} */
    public TLSErrorKind kind() {
        return kind;
    }

    /** {@return whether the peer reported the problem with an alert, rather than this end finding it} */
    public boolean fromPeer() {
        return fromPeer;
    }
}
