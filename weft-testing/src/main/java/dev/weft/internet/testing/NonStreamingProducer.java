package dev.weft.internet.testing;

import dev.weft.defer.Deferred;
import dev.weft.internet.IConsumer;
import dev.weft.internet.IPullProducer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A pull producer that writes ten small pieces and then unregisters itself: Twisted's {@code
 * NonStreamingProducer}, for testing how a consumer drives a non-streaming producer.
 *
 * <p>Each {@link #resumeProducing()} writes the next counter value as ASCII ({@code "0"}, {@code
 * "1"}, ... {@code "9"}) to the consumer. After the tenth it calls the consumer's {@code
 * unregisterProducer()}, forgets the consumer and fires {@link #result()} with null. A further
 * resume is a bug in the consumer and throws. {@link #stopProducing()} sets {@link #isStopped()} and
 * fires {@link #result()} with null too. The producer never closes the consumer: an {@link IConsumer}
 * has no {@code loseConnection}.
 *
 * <p>A {@code stopProducing} after the producer finished (or a second one) only sets the flag; the
 * errors are {@link IllegalStateException}s (DEVIATIONS.md).
 *
 * <p>Confined to the reactor thread.
 */
public final class NonStreamingProducer implements IPullProducer {
    /** How many pieces the producer writes. */
    public static final int COUNT = 10;

    private final Deferred<Void> result = new Deferred<>();
    private @Nullable IConsumer consumer;
    private int counter;
    private boolean stopped;
    private boolean done;

    /**
     * Creates a producer for {@code consumer}; register it with {@code consumer.registerProducer(p,
     * false)}.
     *
     * @param consumer where the pieces are written
     */
    public NonStreamingProducer(IConsumer consumer) {
        this.consumer = consumer;
    }

    /**
     * Writes the next counter value; after the tenth, unregisters from the consumer and fires {@link
     * #result()}.
     *
     * @throws IllegalStateException if the producer already finished or was stopped
     */
    @Override
    public void resumeProducing() {
        IConsumer c = consumer;
        if (c == null || counter >= COUNT) {
            throw new IllegalStateException("BUG: resumeProducing after unregister/stop (" + this + ")");
        }
        c.write(Integer.toString(counter).getBytes(StandardCharsets.US_ASCII));
        counter++;
        if (counter == COUNT) {
            c.unregisterProducer();
            finish();
        }
    }

    /**
     * Fails: a consumer must never pause a pull producer.
     *
     * @throws IllegalStateException always
     */
    public void pauseProducing() {
        throw new IllegalStateException("BUG: pauseProducing should never be called on a pull producer");
    }

    /** Stops the producer: sets {@link #isStopped()} and fires {@link #result()} unless it already fired. */
    @Override
    public void stopProducing() {
        stopped = true;
        finish();
    }

    private void finish() {
        consumer = null;
        if (!done) {
            done = true;
            result.callback(null);
        }
    }

    /**
     * Returns the Deferred that fires with null when the producer finished or was stopped.
     *
     * @return the Deferred
     */
    public Deferred<Void> result() {
        return result;
    }

    /**
     * Returns how many pieces were written.
     *
     * @return 0 to {@value #COUNT}
     */
    public int counter() {
        return counter;
    }

    /**
     * Tells whether {@link #stopProducing()} was called.
     *
     * @return {@code true} once it was called
     */
    public boolean isStopped() {
        return stopped;
    }

    /**
     * Describes the producer, for messages.
     *
     * @return the counter and state
     */
    @Override
    public String toString() {
        return "NonStreamingProducer[counter=" + counter + (stopped ? ", stopped" : "") + (done ? ", done" : "") + "]";
    }
}
