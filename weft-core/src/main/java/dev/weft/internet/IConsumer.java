package dev.weft.internet;

import java.util.Objects;

/**
 * Twisted's {@code IConsumer}: accepts bytes and lets one producer feed it with flow control. A streaming producer
 * ({@link IPushProducer}) is paused and resumed by the consumer; a non-streaming one ({@link IPullProducer}) writes
 * once per {@code resumeProducing} call. Confined to the reactor thread.
 */
public interface IConsumer {
    /** Registers the streaming producer feeding this consumer; throws {@link IllegalStateException} if one is. */
    void registerProducer(IPushProducer producer);

    /** Registers the non-streaming producer feeding this consumer; throws {@link IllegalStateException} if one is. */
    void registerProducer(IPullProducer producer);

    /**
     * Registers {@code producer} as a push producer when {@code streaming}, else as a pull producer.
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

    /** Accepts bytes without blocking; the array is handed over: the caller must not change it afterwards. */
    void write(byte[] data);

    /** Returns the exception every consumer throws when {@code candidate} registers while {@code registered} is. */
    static IllegalStateException alreadyRegistered(IConsumer consumer, IProducer registered, IProducer candidate) {
        return new IllegalStateException("cannot register producer " + candidate + " on " + consumer + ": producer "
                + registered + " is already registered; call unregisterProducer() first");
    }
}
