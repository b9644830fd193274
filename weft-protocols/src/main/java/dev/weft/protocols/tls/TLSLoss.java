package dev.weft.protocols.tls;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionLost;
import org.jspecify.annotations.Nullable;

/**
 * Names how a TLS connection was lost when TLS itself did not fail. The reason stays Twisted's: a plain {@link
 * ConnectionLost} (Twisted maps OpenSSL's "Unexpected EOF" to {@code CONNECTION_LOST}), for a reset as for a peer
 * that closed the TCP connection without a {@code close_notify}. {@link #of} tells these apart, for a program (or a
 * report) that must not call a close a reset: the {@link TLSMemoryBIOProtocol} gives each such reason a cause that
 * says which it was. A reset, an abort, a clean close and a {@link TLSError} have none.
 */
public enum TLSLoss {
    /** The peer closed the connection (a TCP FIN, no alert) during the handshake, having sent a part of it. */
    CLOSED_DURING_HANDSHAKE,
    /**
     * The peer closed the connection (a TCP FIN) after the handshake without a {@code close_notify}: what arrived
     * may be cut short, by a truncation attack or a careless peer.
     */
    CLOSED_WITHOUT_CLOSE_NOTIFY,
    /**
     * This end sent its {@code close_notify} and the peer did not answer with its own within the close_notify
     * timeout, so this end aborted the connection.
     */
    NO_CLOSE_NOTIFY_REPLY;

    /**
     * Returns how {@code reason} came about, or null if it is not one of these losses (a reset, an abort, a clean
     * close, a {@link TLSError}, or a reason from anything but this TLS layer).
     */
    public static @Nullable TLSLoss of(Failure reason) {
        Throwable value = reason.value();
        if (value instanceof ConnectionLost && !(value instanceof TLSError) && value.getCause() instanceof Named n) {
            return n.loss;
        }
        return null;
    }

    /** Makes the reason of this loss: a {@link ConnectionLost} whose message ends with {@code detail}. */
    ConnectionLost lost(String detail) {
        return new ConnectionLost(new Named(this, detail));
    }

    /** The cause that names the loss; its message is the reason's detail. Has no stack trace. */
    private static final class Named extends Exception {
        private static final long serialVersionUID = 1L;

        private final TLSLoss loss;

        Named(TLSLoss loss, String detail) {
            super(detail, null, false, false);
            this.loss = loss;
        }
    }
}
