package dev.weft.internet;

/**
 * Lets a protocol stand where a consumer is expected: each {@link #write(byte[])} becomes {@link
 * IProtocol#dataReceived(byte[])}. Producers are ignored.
 *
 * <p>Confined to the reactor thread.
 */
public final class ProtocolToConsumerAdapter implements IConsumer {
    private final IProtocol protocol;

    /**
     * Wraps {@code protocol}.
     * @param protocol receives everything written
     */
    public ProtocolToConsumerAdapter(IProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * Passes {@code data} to the protocol's {@code dataReceived}, synchronously.
     * @param data the bytes; handed over to the protocol
     */
    @Override
    public void write(byte[] data) {
        protocol.dataReceived(data);
    }

    /**
     * Does nothing.
     * @param producer ignored
     */
    @Override
    public void registerProducer(IPushProducer producer) {}

    /**
     * Does nothing.
     * @param producer ignored
     */
    @Override
    public void registerProducer(IPullProducer producer) {}

    /** Does nothing. */
    @Override
    public void unregisterProducer() {}

    /** {@return the wrapped protocol} */
    public IProtocol protocol() {
        return protocol;
    }
}
