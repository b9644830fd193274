package dev.weft.internet;

/**
 * What {@link ITLSTransport#startTLS} puts between a transport and its protocol: a protocol to the transport (implement
 * {@link IHalfCloseableProtocol} to hear half-closes), a transport ({@link #upperTransport()}) to the protocol.
 * Confined to the reactor thread.
 */
public interface ITLSLayer<T extends ITCPTransport> extends IProtocol {
    /** {@return the transport the wrapped protocol's calls go to (often the layer itself)} */
    T upperTransport();

    /**
     * {@return whether the transport beneath is lost but the layer still holds that loss for its paused protocol}
     * The transport then still passes the protocol's flow-control and close calls to the layer: its resume lets
     * the loss through.
     */
    default boolean holdsLoss() {
        return false;
    }
}
