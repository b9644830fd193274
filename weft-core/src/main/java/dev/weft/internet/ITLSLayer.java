package dev.weft.internet;

/**
 * What {@link ITLSTransport#startTLS} puts between a transport and its protocol: a protocol to the transport (implement
 * {@link IHalfCloseableProtocol} to hear half-closes), a transport ({@link #upperTransport()}) to the protocol.
 * Confined to the reactor thread.
 */
public interface ITLSLayer<T extends ITCPTransport> extends IProtocol {
    /** {@return the transport the wrapped protocol's calls go to (often the layer itself)} */
    T upperTransport();
}
