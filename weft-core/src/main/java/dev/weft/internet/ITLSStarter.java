package dev.weft.internet;

/**
 * Makes the layer {@link ITLSTransport#startTLS} puts under a connected protocol: Twisted's context
 * factory argument; weft-protocols' TLS options implement it, so transports need not know TLS.
 * Called on the reactor thread.
 *
 * @param <T> the kind of transport the layer shows the protocol
 */
@FunctionalInterface
public interface ITLSStarter<T extends ITCPTransport> {
    /**
     * Makes an unconnected layer for {@code connected}; the layer must not call {@code connected}'s
     * {@code makeConnection} again.
     */
    ITLSLayer<T> layerOver(IProtocol connected);
}
