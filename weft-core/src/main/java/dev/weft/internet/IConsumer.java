package dev.weft.internet;

import java.util.Objects;

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
     * Registers the streaming producer that feeds this consumer: it writes when it likes, and is
     * paused and resumed by the consumer.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered (the first one stays
     *     registered), with the message of {@link #alreadyRegistered}; Twisted raises {@code
     *     RuntimeError}
     */
    void registerProducer(IPushProducer producer);

    /**
     * Registers the non-streaming producer that feeds this consumer: it writes once per {@code
     * resumeProducing} the consumer calls.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered (the first one stays
     *     registered), with the message of {@link #alreadyRegistered}
     */
    void registerProducer(IPullProducer producer);

    /**
     * Registers {@code producer} the way Twisted spells it: {@link #registerProducer(IPushProducer)}
     * when {@code streaming}, else {@link #registerProducer(IPullProducer)}. Also the way to register
     * an object that is both kinds of producer.
     *
     * @param producer the producer; an {@link IPushProducer} when {@code streaming}, an {@link
     *     IPullProducer} otherwise
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

    /**
     * Unregisters the current producer; the consumer will call none of its methods again. Does nothing
     * when no producer is registered, on every weft consumer (Twisted's {@code StringTransport}
     * raises {@code RuntimeError} then; see DEVIATIONS.md).
     */
    void unregisterProducer();

    /**
     * Accepts bytes, without blocking.
     *
     * @param data the bytes; the array is handed over, so the caller must not change it afterwards
     */
    void write(byte[] data);

    /**
     * Returns the exception every consumer throws when a producer registers while another one is
     * registered, so the message is the same everywhere.
     *
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
