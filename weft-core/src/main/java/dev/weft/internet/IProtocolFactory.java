package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Twisted's {@code IProtocolFactory}: makes a protocol for each new connection. Most factories extend {@link Factory},
 * {@link ServerFactory} or {@link ClientFactory}. Confined to the reactor thread.
 */
public interface IProtocolFactory {
    /** Builds the protocol for a connection to or from {@code addr}; null refuses it (the connection is closed). */
    @Nullable
    IProtocol buildProtocol(IAddress addr);

    /** Tells the factory that a port or connector starts using it. Called once per use. */
    void doStart();

    /** Tells the factory that a port or connector stopped using it; balances one {@link #doStart()}. */
    void doStop();
}
