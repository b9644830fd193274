package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Holds a protocol's transport and connected flag: Twisted's {@code BaseProtocol}. Extend {@link
 * Protocol} rather than this class.
 *
 * <p>As in Twisted, {@link #makeConnection} has no guard (a second call calls {@link
 * #connectionMade()} again) and nothing resets {@link #isConnected()}: it stays {@code true} after
 * the connection is lost, and {@link #transport()} keeps returning the old transport. Ask the
 * transport, not the protocol, whether the connection is still up.
 *
 * <p>Confined to the reactor thread.
 */
public abstract class BaseProtocol {
    private boolean connected;
    private @Nullable ITransport transport;

    /** Creates a protocol that is not connected yet. */
    protected BaseProtocol() {}

    /**
     * Sets the connected flag, then the transport, then calls {@link #connectionMade()}, all
     * synchronously.
     *
     * @param transport the transport this protocol writes to from now on
     */
    public void makeConnection(ITransport transport) {
        this.connected = true;
        this.transport = transport;
        connectionMade();
    }

    /** Reacts to the connection being made; does nothing unless overridden. */
    public void connectionMade() {}

    /**
     * Tells whether {@link #makeConnection} has been called (Twisted's {@code connected}).
     *
     * @return {@code true} once connected, and still {@code true} after the connection is lost
     */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Returns the transport given to {@link #makeConnection} (Twisted's {@code transport}).
     *
     * @return the transport
     * @throws IllegalStateException if {@link #makeConnection} has not been called yet
     */
    public ITransport transport() {
        ITransport t = transport;
        if (t == null) {
            throw new IllegalStateException(
                    getClass().getName() + " has no transport yet: makeConnection(transport) has not been called");
        }
        return t;
    }
}
