package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;
import dev.weft.protocols.tls.TLSLoss;

/**
 * Classifies how a connection that {@code sink} accounted for ended. The mapping from the {@code
 * connectionLost} reason is: {@link ConnectionDone} is {@link #CLEAN}; a {@link ConnectionLost}
 * (the peer reset the connection, or it broke) is {@link #RESET}, except a TLS failure and a TLS peer that closed
 * the TCP connection without a {@code close_notify} ({@link TLSLoss}): {@link #HANDSHAKE_CLOSED} during the
 * handshake, {@link #NO_CLOSE_NOTIFY} after it; any other reason is {@link #ERROR}, reported with its message. {@link
 * #OVER_LIMIT}, {@link #INTERRUPTED} and {@link #IDLE} are the sink's own doing: it aborted the connection, and says
 * why instead of "aborted".
 */
enum Outcome {
    CLEAN("clean", "clean"),
    RESET("reset by peer", "reset"),
    OVER_LIMIT("over the limit", "over_limit"),
    ERROR("error", "error"),
    INTERRUPTED("interrupted", "interrupted"),
    IDLE("idle timeout", "idle"),
    /** A TLS peer closed the TCP connection (a FIN, no alert) during the handshake, having sent part of it. */
    HANDSHAKE_CLOSED("closed during the TLS handshake", "handshake_closed"),
    /** A TLS peer closed the TCP connection after the handshake without a close_notify: the data may be cut short. */
    NO_CLOSE_NOTIFY("closed without TLS close_notify", "no_close_notify");

    /** Who closes without a close_notify, in the words of the report lines. */
    static final String TRUNCATION = "a truncation attack or a careless peer";

    /** The words report lines use. */
    final String words;

    /** The name JSON output uses. */
    final String key;

    Outcome(String words, String key) {
        this.words = words;
        this.key = key;
    }

    /**
     * Returns the suffix a saved file of a connection that ended this way carries before {@code
     * .bin}: none for a clean close (the file holds everything the peer sent), else {@code .KEY}, so
     * a reader of the directory tells cut-short connections apart by name.
     */
    String fileSuffix() {
        return this == CLEAN ? "" : "." + key;
    }

    /** Classifies a reason the sink did not cause itself. */
    static Outcome of(Failure reason) {
        if (reason.check(ConnectionDone.class) != null) {
            return CLEAN;
        }
        if (reason.check(dev.weft.protocols.tls.TLSError.class) != null) {
            return ERROR; // a TLSError is a ConnectionLost, but the report names its kind rather than "reset"
        }
        TLSLoss loss = TLSLoss.of(reason);
        if (loss == TLSLoss.CLOSED_DURING_HANDSHAKE) {
            return HANDSHAKE_CLOSED;
        } else if (loss == TLSLoss.CLOSED_WITHOUT_CLOSE_NOTIFY) {
            return NO_CLOSE_NOTIFY;
        } else if (loss != null) {
            return ERROR; // this end's close_notify went unanswered: nothing was reset; the message says what
        }
        if (reason.check(ConnectionLost.class) != null && reason.check(ConnectionAborted.class) == null) {
            return RESET;
        }
        return ERROR;
    }
}
