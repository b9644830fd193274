package dev.weft.internet;

import org.jspecify.annotations.Nullable;

/**
 * Makes a protocol for each new connection: Twisted's {@code IProtocolFactory}. Most factories
 * extend {@link Factory}, {@link ServerFactory} or {@link ClientFactory}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IProtocolFactory {
    /**
     * Builds the protocol for a new connection.
     * @param addr the address of the peer (for a server) or of the server (for a client)
     * @return the protocol, or null to refuse the connection: the port or connector then closes it
     */
    @Nullable
    IProtocol buildProtocol(IAddress addr);

    /** Tells the factory that a port or connector starts using it. Called once per use. */
    void doStart();

    /** Tells the factory that a port or connector stopped using it; balances one {@link #doStart()}. */
    void doStop();
}
