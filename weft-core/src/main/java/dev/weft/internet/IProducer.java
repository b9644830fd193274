package dev.weft.internet;

/**
 * Twisted's {@code IProducer}: produces data for an {@link IConsumer}, as an {@link IPushProducer} or an {@link
 * IPullProducer}. Confined to the reactor thread.
 */
public interface IProducer {
    /** Stops producing for good: the consumer is gone, and no method will be called again. */
    void stopProducing();
}
