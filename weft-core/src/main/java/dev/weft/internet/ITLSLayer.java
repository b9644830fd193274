package dev.weft.internet;

/**
 * What {@link ITLSTransport#startTLS} puts between a transport and its protocol: to the transport a
 * protocol (it gets the ciphertext, the closes and {@code connectionLost}, and should implement
 * {@link IHalfCloseableProtocol} to hear half-closes); to the protocol a transport ({@link
 * #upperTransport()}), to which the transport forwards the protocol's writes, closes and producer
 * calls.
 *
 * <p>Confined to the reactor thread.
 *
 * @param <T> the kind of transport the layer shows the protocol
 */
public interface ITLSLayer<T extends ITCPTransport> extends IProtocol {
    /**
     * Returns the transport the wrapped protocol's calls go to once the layer is in place.
     *
     * @return the layer's transport view (often the layer itself)
     */
    T upperTransport();
}
