package dev.weft.internet;

import java.util.Objects;

/**
 * Accepts bytes and lets one producer feed it with flow control: Twisted's {@code IConsumer}. A
 * streaming producer ({@link IPushProducer}) is paused and resumed by the consumer; a
 * non-streaming one ({@link IPullProducer}) writes once per {@code resumeProducing} call.
 *
 * <p>Confined to the reactor thread.
 */
public interface IConsumer {
    /**
     * Registers the streaming producer that feeds this consumer.
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered
     */
    void registerProducer(IPushProducer producer);

    /**
     * Registers the non-streaming producer that feeds this consumer.
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered
     */
    void registerProducer(IPullProducer producer);

    /**
     * Registers {@code producer} as a push producer when {@code streaming}, else as a pull producer.
     * @param producer an {@link IPushProducer} if {@code streaming}, else an {@link IPullProducer}
     * @param streaming {@code true} for a push producer, {@code false} for a pull producer
     * @throws IllegalArgumentException if {@code producer} is not of the kind {@code streaming} names
     * @throws IllegalStateException if a producer is already registered
     */
    default void registerProducer(IProducer producer, boolean streaming) {
        Objects.requireNonNull(producer, "producer");
        if (streaming && producer instanceof IPushProducer push) {
            registerProducer(push);
        } else if (!streaming && producer instanceof IPullProducer pull) {
            registerProducer(pull);
        } else {
            throw new IllegalArgumentException("registerProducer(" + producer + ", streaming=" + streaming
                    + "): a "
                    + (streaming
                            ? "streaming producer must be an IPushProducer"
                            : "non-streaming producer must be an IPullProducer")
                    + "; register it with streaming=" + !streaming + " if it is the other kind");
        }
    }

    /** Unregisters the current producer; does nothing when none is registered (see DEVIATIONS.md). */
    void unregisterProducer();

    /**
     * Accepts bytes, without blocking.
     * @param data the bytes; the array is handed over, so the caller must not change it afterwards
     */
    void write(byte[] data);

    /**
     * Returns the exception every consumer throws when a second producer registers.
     * @param consumer the consumer
     * @param registered the producer already registered
     * @param candidate the producer that was refused
     * @return the exception to throw
     */
    static IllegalStateException alreadyRegistered(IConsumer consumer, IProducer registered, IProducer candidate) {
        return new IllegalStateException("cannot register producer " + candidate + " on " + consumer + ": producer "
                + registered + " is already registered; call unregisterProducer() first");
    }
}
