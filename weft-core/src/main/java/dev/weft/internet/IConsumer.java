package dev.weft.internet;

/**
 * Accepts bytes and lets one producer feed it with flow control: Twisted's {@code IConsumer}.
 *
 * <p>A <em>streaming</em> producer ({@link IPushProducer}) writes whenever it likes and is paused
 * and resumed by the consumer; it starts unpaused, and a resume is only sent to balance an earlier
 * pause. A <em>non-streaming</em> producer ({@link IPullProducer}) writes only when the consumer
 * calls its {@code resumeProducing}, once per call.
 *
 * <p>Confined to the reactor thread.
 */
public interface IConsumer {
    /**
     * Registers the producer that feeds this consumer.
     *
     * @param producer the producer; an {@link IPushProducer} when {@code streaming}, an {@link
     *     IPullProducer} otherwise
     * @param streaming {@code true} for a push producer, {@code false} for a pull producer
     * @throws IllegalStateException if a producer is already registered (the first one stays
     *     registered); Twisted raises {@code RuntimeError}
     */
    void registerProducer(IProducer producer, boolean streaming);

    /** Unregisters the current producer; the consumer will call none of its methods again. */
    void unregisterProducer();

    /**
     * Accepts bytes, without blocking.
     *
     * @param data the bytes; the array is handed over, so the caller must not change it afterwards
     */
    void write(byte[] data);
}
