package dev.weft.cli;

import dev.weft.defer.Failure;
import dev.weft.internet.ConnectionAborted;
import dev.weft.internet.ConnectionDone;
import dev.weft.internet.ConnectionLost;

/**
 * Classifies how a connection that {@code sink} accounted for ended. The mapping from the {@code
 * connectionLost} reason is: {@link ConnectionDone} is {@link #CLEAN}; a {@link ConnectionLost}
 * (the peer reset the connection, or it broke) is {@link #RESET}, except a TLS failure; any other reason is {@link
 * #ERROR}, reported with its message. {@link #OVER_LIMIT}, {@link #INTERRUPTED} and {@link #IDLE} are the
 * sink's own doing: it aborted the connection, and says why instead of "aborted".
 */
enum Outcome {
    CLEAN("clean", "clean"),
    RESET("reset by peer", "reset"),
    OVER_LIMIT("over the limit", "over_limit"),
    ERROR("error", "error"),
    INTERRUPTED("interrupted", "interrupted"),
    IDLE("idle timeout", "idle");

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
        if (reason.check(ConnectionLost.class) != null && reason.check(ConnectionAborted.class) == null) {
            return RESET;
        }
        return ERROR;
    }
}
