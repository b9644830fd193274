package dev.weft.internet;

/**
 * Twisted's {@code IPushProducer}: produces data whenever it has some, until its consumer pauses it; registered with
 * {@code streaming = true}. Confined to the reactor thread.
 */
public interface IPushProducer extends IProducer {
    /** Stops writing until {@link #resumeProducing()}; may be called several times in a row. */
    void pauseProducing();

    /** Starts writing again after {@link #pauseProducing()}. */
    void resumeProducing();
}
