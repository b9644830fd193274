package dev.weft.internet;

/** A port could not listen, usually as the address is in use: Twisted's {@code CannotListenError}. Thread-safe. */
public class CannotListenError extends BindError {
    private static final long serialVersionUID = 1L;

    private final String iface;
    private final int port;

    /** Creates the error for a failed listen on {@code iface} ({@code ""}: all) and {@code port} (0 for UNIX). */
    public CannotListenError(String iface, int port, Throwable cause) {
        super("Couldn't listen on " + (iface.isEmpty() ? "any" : iface) + ":" + port, ErrorMessages.of(cause), cause);
        this.iface = iface;
        this.port = port;
    }

    /** {@return the interface the port was to listen on, {@code ""} for all interfaces} */
    public String iface() {
        return iface;
    }

    /** {@return the port number that could not be listened on} */
    public int port() {
        return port;
    }
}
