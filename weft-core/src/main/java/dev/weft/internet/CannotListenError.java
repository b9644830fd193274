package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/** A port could not listen, usually as the address is in use: Twisted's {@code CannotListenError}. Thread-safe. */
public class CannotListenError extends BindError {
    private static final long serialVersionUID = 1L;

    private final String iface;
    private final int port;
    private final @Nullable String reason;

    /** Creates the error for a failed listen on {@code iface} ({@code ""}: all) and {@code port}. */
    public CannotListenError(String iface, int port, Throwable cause) {
        this("Couldn't listen on " + (iface.isEmpty() ? "any" : iface) + ":" + port, iface, port, cause, null);
    }

    private CannotListenError(
            String summary, String iface, int port, @Nullable Throwable cause, @Nullable String reason) {
        super(summary, reason != null ? reason : ErrorMessages.of(cause), cause);
        this.iface = iface;
        this.port = port;
        this.reason = reason != null ? reason : ErrorMessages.of(cause);
    }

    /**
     * Creates the error for a failed listen on the UNIX-domain socket at {@code path}: {@code Couldn't listen on
     * PATH: REASON.}, where {@code reason} says what is wrong and what to do; {@link #iface()} is the path and
     * {@link #port()} 0.
     */
    public static CannotListenError unix(String path, String reason, @Nullable Throwable cause) {
        return new CannotListenError("Couldn't listen on " + path, path, 0, cause, reason);
    }

    /** {@return the interface the port was to listen on, {@code ""} for all interfaces; a UNIX socket's path} */
    public String iface() {
        return iface;
    }

    /** {@return the port number that could not be listened on; 0 for a UNIX socket} */
    public int port() {
        return port;
    }

    /**
     * {@return why, as the message says it after the address: the cause's message, or for a UNIX socket what is in the
     * way and what to do; null when there is neither}
     */
    public @Nullable String reason() {
        return reason;
    }
}
