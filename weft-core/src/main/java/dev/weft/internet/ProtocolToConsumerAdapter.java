package dev.weft.internet;

/**
 * Lets a protocol stand where a consumer is expected: every {@link #write(byte[])} becomes the
 * protocol's {@link IProtocol#dataReceived(byte[])} (Twisted's {@code ProtocolToConsumerAdapter}).
 * Producers are accepted and ignored: {@link #registerProducer} and {@link #unregisterProducer()}
 * do nothing, so nothing is ever paused.
 *
 * <p>Confined to the reactor thread.
 */
public final class ProtocolToConsumerAdapter implements IConsumer {
    private final IProtocol protocol;

    /**
     * Wraps {@code protocol}.
     *
     * @param protocol receives everything written
     */
    public ProtocolToConsumerAdapter(IProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * Passes {@code data} to the protocol's {@code dataReceived}, synchronously.
     *
     * @param data the bytes; handed over to the protocol
     */
    @Override
    public void write(byte[] data) {
        protocol.dataReceived(data);
    }

    /**
     * Does nothing: the producer is neither stored nor called.
     *
     * @param producer ignored
     */
    @Override
    public void registerProducer(IPushProducer producer) {}

    /**
     * Does nothing: the producer is neither stored nor called.
     *
     * @param producer ignored
     */
    @Override
    public void registerProducer(IPullProducer producer) {}

    /** Does nothing. */
    @Override
    public void unregisterProducer() {}

    /**
     * Returns the wrapped protocol.
     *
     * @return the protocol given to the constructor
     */
    public IProtocol protocol() {
        return protocol;
    }
}
