package dev.weft.internet;

/**
 * Lets a protocol stand where a consumer is expected: each {@link #write(byte[])} becomes {@link
 * IProtocol#dataReceived(byte[])} at once. Producers are ignored. Confined to the reactor thread.
 */
public final class ProtocolToConsumerAdapter implements IConsumer {
    private final IProtocol protocol;

    /** Wraps {@code protocol}. */
    public ProtocolToConsumerAdapter(IProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void write(byte[] data) {
        protocol.dataReceived(data);
    }

    @Override
    public void registerProducer(IPushProducer producer) {}

    @Override
    public void registerProducer(IPullProducer producer) {}

    @Override
    public void unregisterProducer() {}

    /** {@return the wrapped protocol} */
    public IProtocol protocol() {
        return protocol;
    }
}
