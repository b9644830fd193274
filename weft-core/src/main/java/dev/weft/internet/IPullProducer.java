package dev.weft.internet;

/**
 * Produces one piece of data each time its consumer asks: Twisted's {@code IPullProducer},
 * registered with {@code streaming = false}.
 *
 * <p>Confined to the reactor thread.
 */
public interface IPullProducer extends IProducer {
    /**
     * Writes the next piece of data to the consumer, synchronously, before returning; or unregisters
     * itself when there is nothing left.
     */
    void resumeProducing();
}
