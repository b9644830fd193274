package dev.weft.internet;

/**
 * Twisted's {@code IPullProducer}: produces one piece of data each time its consumer asks; registered with {@code
 * streaming = false}. Confined to the reactor thread.
 */
public interface IPullProducer extends IProducer {
    /** Writes the next piece of data before returning, or unregisters itself when there is nothing left. */
    void resumeProducing();
}
