package dev.weft.internet;

/**
 * Produces data for an {@link IConsumer}: Twisted's {@code IProducer}. See {@link IPushProducer} and
 * {@link IPullProducer} for the two kinds.
 *
 * <p>Confined to the reactor thread.
 */
public interface IProducer {
    /** Stops producing for good: the consumer is gone, and no method will be called again. */
    void stopProducing();
}
