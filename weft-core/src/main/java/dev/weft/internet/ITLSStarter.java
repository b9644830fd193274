package dev.weft.internet;

/**
 * Makes the layer {@link ITLSTransport#startTLS} puts under a connected protocol: Twisted's context factory argument,
 * implemented by weft-protocols' TLS options. Called on the reactor thread.
 */
@FunctionalInterface
public interface ITLSStarter<T extends ITCPTransport> {
    /** Makes an unconnected layer for {@code connected}, which it must not connect again. */
    ITLSLayer<T> layerOver(IProtocol connected);
}
