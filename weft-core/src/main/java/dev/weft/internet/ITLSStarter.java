package dev.weft.internet;

/**
 * Makes the layer {@link ITLSTransport#startTLS} puts under a connected protocol: Twisted's
 * context factory argument of {@code startTLS}. weft-protocols' TLS options implement it, so
 * transports (which depend on weft-core alone) can start TLS without knowing how it is done.
 *
 * <p>Called on the reactor thread; implementations are usually immutable values.
 *
 * @param <T> the kind of transport the layer shows the protocol
 */
@FunctionalInterface
public interface ITLSStarter<T extends ITCPTransport> {
    /**
     * Makes a layer for {@code connected}. The transport then calls the layer's {@code
     * makeConnection} with a transport that writes straight to the connection; the layer must not
     * call {@code connected}'s {@code makeConnection} again.
     *
     * @param connected the protocol already connected to the transport
     * @return the layer, not connected yet
     */
    ITLSLayer<T> layerOver(IProtocol connected);
}
