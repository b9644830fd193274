package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code BaseProtocol}: holds a protocol's transport and connected flag; extend {@link Protocol} instead.
 * {@link #isConnected()} stays {@code true} after the connection is lost: ask the transport. Confined to the reactor
 * thread.
 */
public abstract class BaseProtocol {
    private boolean connected;
    private @Nullable ITransport transport;

    /** Creates a protocol that is not connected yet. */
    protected BaseProtocol() {}

    /** Sets the connected flag and the transport, then calls {@link #connectionMade()}. */
    public void makeConnection(ITransport transport) {
        this.connected = true;
        this.transport = transport;
        connectionMade();
    }

    /** Reacts to the connection being made; does nothing unless overridden. */
    public void connectionMade() {}

    /** {@return whether {@link #makeConnection} has been called}, even if the connection is lost since. */
    public boolean isConnected() {
        return connected;
    }

    /** Returns the transport given to {@link #makeConnection}; throws {@link IllegalStateException} before that. */
    public ITransport transport() {
        ITransport t = transport;
        if (t == null) {
            throw new IllegalStateException(
                    getClass().getName() + " has no transport yet: makeConnection(transport) has not been called");
        }
        return t;
    }
}
